/**
 * Runs one console line for one visitor: split it, refuse what is not allowed or over quota,
 * put every key (and PUBLISH channel) into the visitor's namespace, send it to Redis, cap the
 * TTL of every key written, and report each command actually sent with its RESP reply.
 */
import { CommandLineError, quoteBytes, splitCommandLine } from './command-line.ts';
import { commandsByGroup, findCommand } from './command-table.ts';
import { consoleMessages, type ConsoleMessages } from './console-messages.ts';
import { capTtl, checkQuota } from './console-quota.ts';
import type { ConsoleLimits } from './limits.ts';
import { emulateKeys, emulateScan } from './namespace-keys.ts';
import { refusalReason, type ConsoleLang } from './refusals.ts';
import { formatReply } from './reply-format.ts';
import type { RespConnection } from './resp-connection.ts';
import { StepRecorder, type ConsoleStep } from './step-recorder.ts';

export type { ConsoleStep } from './step-recorder.ts';

/** What one line produced. */
export interface ConsoleResult {
  /** `reply`: Redis answered (maybe with an error); `refused`: the console said no. */
  readonly kind: 'reply' | 'refused' | 'empty';
  /** What to print, `redis-cli` style. */
  readonly lines: readonly string[];
  /** A remark of the console's own (TTL capped, KEYS emulated). */
  readonly note?: string;
  readonly steps: readonly ConsoleStep[];
}

/** Options of {@link ConsoleExecutor}. */
export interface ConsoleExecutorOptions {
  readonly connection: RespConnection;
  readonly limits: ConsoleLimits;
  /** Root of every visitor namespace, e.g. `echo-lab:console:`. */
  readonly namespaceRoot: string;
  /** Laravel's key prefix: the echo server listens to every channel that starts with it. */
  readonly broadcastPrefix: string;
}

/** Runs console lines; one instance serves every visitor. */
export class ConsoleExecutor {
  readonly #options: ConsoleExecutorOptions;

  constructor(options: ConsoleExecutorOptions) {
    if (/[*?[\]\\]/.test(options.namespaceRoot)) {
      throw new Error('The console namespace root must not contain glob characters');
    }
    this.#options = options;
  }

  /** The namespace of a visitor tag: `<root><tag>:`. */
  namespace(tag: string): string {
    return `${this.#options.namespaceRoot}${tag}:`;
  }

  /** Runs `line` for the visitor with `tag`. Rejects only when Redis is unreachable. */
  async run(tag: string, line: string, lang: ConsoleLang): Promise<ConsoleResult> {
    const text = consoleMessages(lang);
    const limits = this.#options.limits;
    const refuse = (message: string, steps: ConsoleStep[] = []): ConsoleResult => ({
      kind: 'refused',
      lines: [message],
      steps,
    });
    if (line.length > limits.maxLineLength) return refuse(text.lineTooLong(limits.maxLineLength));
    let args: Buffer[];
    try {
      args = splitCommandLine(line);
    } catch (error) {
      if (error instanceof CommandLineError) return refuse(text.badLine(error.message));
      throw error;
    }
    const [nameBytes, ...rest] = args;
    if (nameBytes === undefined) return { kind: 'empty', lines: [], steps: [] };
    const name = nameBytes.toString('utf8').toUpperCase();
    const spec = findCommand(name);
    if (spec === undefined) return refuse(refusalReason(name, lang));
    if (rest.length > limits.maxArgs) return refuse(text.tooManyArgs(limits.maxArgs));
    if (rest.length < spec.minArgs || rest.length > spec.maxArgs) {
      return { kind: 'reply', lines: [`(error) ${text.wrongArity(name, spec.syntax)}`], steps: [] };
    }
    if (rest.some((arg) => arg.length > limits.maxArgBytes)) {
      return refuse(text.argTooLong(limits.maxArgBytes));
    }
    const keyIndexes = spec.keys(rest);
    if (keyIndexes.some((index) => (rest[index]?.length ?? 0) > limits.maxKeyBytes)) {
      return refuse(text.keyTooLong(limits.maxKeyBytes));
    }
    const problem = spec.check?.(rest);
    if (problem !== undefined) return refuse(text.badArgument(name, problem));

    const ns = this.namespace(tag);
    const recorder = new StepRecorder(this.#options.connection);
    const steps = recorder.steps;
    switch (name) {
      case 'HELP':
        return { kind: 'reply', lines: help(text, rest[0], lang, limits), steps };
      case 'KEYS': {
        const value = await emulateKeys(recorder, ns, rest[0] ?? Buffer.from('*'));
        return { kind: 'reply', lines: formatReply(value), note: text.keysEmulated, steps };
      }
      case 'SCAN': {
        const value = await emulateScan(recorder, ns, rest);
        return { kind: 'reply', lines: formatReply(value), note: text.scanEmulated, steps };
      }
      case 'PUBLISH':
        return this.#publish(recorder, ns, rest, text);
    }

    const namespaced = rest.map((arg, index) =>
      keyIndexes.includes(index) ? Buffer.concat([Buffer.from(ns), arg]) : arg,
    );
    if (spec.writes) {
      const write = { spec, args: rest, namespaced, keyIndexes };
      const refusal = await checkQuota(recorder, ns, write, limits, text);
      if (refusal !== undefined) return refuse(refusal, steps);
    }
    const reply = await recorder.send([Buffer.from(name), ...namespaced], false);
    let note: string | undefined;
    if (spec.writes && reply.value.type !== 'error') {
      const written = keyIndexes.flatMap((index) => namespaced[index] ?? []);
      if (await capTtl(recorder, written, limits.maxTtlSeconds)) {
        note = text.ttlCapped(limits.maxTtlSeconds);
      }
    }
    return { kind: 'reply', lines: formatReply(reply.value), steps, ...(note ? { note } : {}) };
  }

  async #publish(
    recorder: StepRecorder,
    ns: string,
    rest: readonly Buffer[],
    text: ConsoleMessages,
  ): Promise<ConsoleResult> {
    const [channel, message] = rest;
    const steps = recorder.steps;
    if (channel === undefined || message === undefined)
      return { kind: 'refused', lines: [], steps };
    // The echo server psubscribes to `<prefix>*`: a namespace under that prefix would reach it.
    if (ns.startsWith(this.#options.broadcastPrefix)) {
      return { kind: 'refused', lines: [text.publishDisabled], steps };
    }
    if (channel.length > this.#options.limits.maxKeyBytes) {
      return { kind: 'refused', lines: [text.keyTooLong(this.#options.limits.maxKeyBytes)], steps };
    }
    const full = Buffer.concat([Buffer.from(ns), channel]);
    const reply = await recorder.send([Buffer.from('PUBLISH'), full, message], false);
    return {
      kind: 'reply',
      lines: formatReply(reply.value),
      note: text.publishNamespaced(quoteBytes(full)),
      steps,
    };
  }
}

function help(
  text: ConsoleMessages,
  about: Buffer | undefined,
  lang: ConsoleLang,
  limits: ConsoleLimits,
): string[] {
  if (about !== undefined) {
    const name = about.toString('utf8');
    const spec = findCommand(name);
    return spec === undefined ? [refusalReason(name, lang)] : [spec.syntax];
  }
  const lines = [text.helpIntro(limits.maxTtlSeconds)];
  for (const [group, specs] of commandsByGroup()) {
    lines.push(`${text.helpGroups[group] ?? group}: ${specs.map((entry) => entry.name).join(' ')}`);
  }
  return lines;
}
