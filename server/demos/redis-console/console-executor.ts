/**
 * Runs one console line for one visitor: split it, refuse what is not allowed or over quota,
 * put every key (and PUBLISH channel) into the visitor's namespace, send it to Redis, cap the
 * TTL of every key written, and report each command actually sent with its RESP reply.
 */
import { CommandLineError, quoteBytes, showCommand, splitCommandLine } from './command-line.ts';
import { commandsByGroup, findCommand, type CommandSpec } from './command-table.ts';
import { consoleMessages, type ConsoleMessages } from './console-messages.ts';
import type { ConsoleLimits } from './limits.ts';
import { refusalReason, type ConsoleLang } from './refusals.ts';
import { formatReply } from './reply-format.ts';
import { encodeCommand, showResp, type RespReply, type RespValue } from './resp.ts';
import type { RespConnection } from './resp-connection.ts';

/** One command the console sent to Redis, as the inspector shows it. */
export interface ConsoleStep {
  /** `redis-cli` form, namespaced keys included: `SET "echo-lab:console:…:greeting" "hi"`. */
  readonly command: string;
  /** The request bytes on the wire (RESP, escaped on one line). */
  readonly request: string;
  /** The reply bytes on the wire. */
  readonly reply: string;
  /** True for the console's own checks (quota, TTL cap) rather than the reader's command. */
  readonly housekeeping: boolean;
}

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

const SIZE_COMMAND: Record<string, string> = {
  list: 'LLEN',
  set: 'SCARD',
  hash: 'HLEN',
  zset: 'ZCARD',
};
const SCAN_ROUNDS = 200;

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
    if (rest.length < spec.minArgs || rest.length > spec.maxArgs) {
      if (rest.length > limits.maxArgs) return refuse(text.tooManyArgs(limits.maxArgs));
      return { kind: 'reply', lines: [`(error) ${text.wrongArity(name, spec.syntax)}`], steps: [] };
    }
    if (rest.length > limits.maxArgs) return refuse(text.tooManyArgs(limits.maxArgs));
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
    const steps: ConsoleStep[] = [];
    switch (name) {
      case 'HELP':
        return { kind: 'reply', lines: help(text, rest[0], lang, limits), steps };
      case 'KEYS':
        return this.#keys(ns, rest[0] ?? Buffer.from('*'), undefined, text, steps);
      case 'SCAN':
        return this.#scan(ns, rest, text, steps);
      case 'PUBLISH':
        return this.#publish(ns, rest, text, steps);
    }

    const namespaced = rest.map((arg, index) =>
      keyIndexes.includes(index) ? Buffer.concat([Buffer.from(ns), arg]) : arg,
    );
    if (spec.writes) {
      const refusal = await this.#checkQuota(ns, spec, rest, namespaced, keyIndexes, text, steps);
      if (refusal !== undefined) return refuse(refusal, steps);
    }
    const reply = await this.#send([Buffer.from(name), ...namespaced], steps, false);
    let note: string | undefined;
    if (spec.writes && reply.value.type !== 'error') {
      const capped = await this.#capTtl(
        keyIndexes.map((index) => namespaced[index] as Buffer),
        steps,
      );
      if (capped) note = text.ttlCapped(limits.maxTtlSeconds);
    }
    return { kind: 'reply', lines: formatReply(reply.value), steps, ...(note ? { note } : {}) };
  }

  async #send(
    args: readonly Buffer[],
    steps: ConsoleStep[],
    housekeeping: boolean,
  ): Promise<RespReply> {
    const reply = await this.#options.connection.send(args);
    steps.push({
      command: showCommand(args),
      request: showResp(encodeCommand(args)),
      reply: showResp(reply.raw),
      housekeeping,
    });
    return reply;
  }

  /** The visitor's keys (full names), by SCAN with the namespace as a literal prefix. */
  async #listKeys(
    ns: string,
    pattern: Buffer,
    type: Buffer | undefined,
    steps: ConsoleStep[],
    housekeeping: boolean,
  ): Promise<Buffer[]> {
    const match = Buffer.concat([Buffer.from(ns), pattern]);
    const found = new Map<string, Buffer>();
    let cursor = '0';
    for (let round = 0; round < SCAN_ROUNDS; round += 1) {
      const args: Buffer[] = [
        Buffer.from('SCAN'),
        Buffer.from(cursor),
        Buffer.from('MATCH'),
        match,
        Buffer.from('COUNT'),
        Buffer.from('1000'),
      ];
      if (type !== undefined) args.push(Buffer.from('TYPE'), type);
      const reply = await this.#send(args, steps, housekeeping);
      const value = reply.value;
      if (value.type !== 'array' || value.value === null) break;
      const [next, keys] = value.value;
      cursor = next?.type === 'bulk' ? (next.value?.toString('latin1') ?? '0') : '0';
      if (keys?.type === 'array') {
        for (const key of keys.value ?? []) {
          // Defence in depth: keep only keys that really start with the namespace.
          if (
            key.type === 'bulk' &&
            key.value !== null &&
            key.value.subarray(0, ns.length).equals(Buffer.from(ns))
          ) {
            found.set(key.value.toString('hex'), key.value);
          }
        }
      }
      if (cursor === '0') break;
    }
    return [...found.values()];
  }

  async #keys(
    ns: string,
    pattern: Buffer,
    type: Buffer | undefined,
    text: ConsoleMessages,
    steps: ConsoleStep[],
  ): Promise<ConsoleResult> {
    const keys = await this.#listKeys(ns, pattern, type, steps, false);
    const names = keys.map((key) => key.subarray(ns.length)).sort(Buffer.compare);
    const value: RespValue = {
      type: 'array',
      value: names.map((key) => ({ type: 'bulk', value: key })),
    };
    return { kind: 'reply', lines: formatReply(value), note: text.keysEmulated, steps };
  }

  async #scan(
    ns: string,
    rest: readonly Buffer[],
    text: ConsoleMessages,
    steps: ConsoleStep[],
  ): Promise<ConsoleResult> {
    const cursor = rest[0]?.toString('utf8') ?? '';
    if (!/^\d+$/.test(cursor))
      return { kind: 'reply', lines: ['(error) ERR invalid cursor'], steps };
    let pattern: Buffer = Buffer.from('*');
    let type: Buffer | undefined;
    for (let i = 1; i < rest.length; i += 2) {
      const option = rest[i]?.toString('utf8').toUpperCase();
      const value = rest[i + 1];
      if (value === undefined || (option !== 'MATCH' && option !== 'COUNT' && option !== 'TYPE')) {
        return { kind: 'reply', lines: ['(error) ERR syntax error'], steps };
      }
      if (option === 'MATCH') pattern = value;
      if (option === 'TYPE') type = value;
    }
    // Everything comes back in the first call, so any later cursor has nothing left.
    const keys = cursor === '0' ? await this.#listKeys(ns, pattern, type, steps, false) : [];
    const names = keys.map((key) => key.subarray(ns.length)).sort(Buffer.compare);
    const value: RespValue = {
      type: 'array',
      value: [
        { type: 'bulk', value: Buffer.from('0') },
        { type: 'array', value: names.map((key) => ({ type: 'bulk', value: key })) },
      ],
    };
    return { kind: 'reply', lines: formatReply(value), note: text.scanEmulated, steps };
  }

  async #publish(
    ns: string,
    rest: readonly Buffer[],
    text: ConsoleMessages,
    steps: ConsoleStep[],
  ): Promise<ConsoleResult> {
    const [channel, message] = rest;
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
    const reply = await this.#send([Buffer.from('PUBLISH'), full, message], steps, false);
    return {
      kind: 'reply',
      lines: formatReply(reply.value),
      note: text.publishNamespaced(quoteBytes(full)),
      steps,
    };
  }

  /** Refuses (with the sentence to show) a write that would go over a quota. */
  async #checkQuota(
    ns: string,
    spec: CommandSpec,
    rest: readonly Buffer[],
    namespaced: readonly Buffer[],
    keyIndexes: readonly number[],
    text: ConsoleMessages,
    steps: ConsoleStep[],
  ): Promise<string | undefined> {
    const limits = this.#options.limits;
    if (spec.name === 'SETRANGE') {
      const offset = Number(rest[1]?.toString('utf8'));
      if (Number.isFinite(offset) && offset + (rest[2]?.length ?? 0) > limits.maxStringBytes) {
        return text.stringTooLong(limits);
      }
    }
    const existing = await this.#listKeys(ns, Buffer.from('*'), undefined, steps, true);
    const known = new Set(existing.map((key) => key.toString('hex')));
    const written = new Set(keyIndexes.map((index) => namespaced[index]?.toString('hex') ?? ''));
    const fresh = [...written].filter((key) => !known.has(key)).length;
    if (existing.length + fresh > limits.maxKeys) return text.tooManyKeys(limits);

    const usages = await Promise.all(
      existing.map((key) =>
        this.#send([Buffer.from('MEMORY'), Buffer.from('USAGE'), key], steps, true),
      ),
    );
    const used = usages.reduce(
      (sum, reply) => sum + (reply.value.type === 'integer' ? Number(reply.value.value) : 0),
      0,
    );
    const incoming = rest.reduce((sum, arg) => sum + arg.length, 0);
    if (used + incoming > limits.maxBytes) return text.tooManyBytes(limits);

    if (spec.name === 'APPEND') {
      const length = await this.#send(
        [Buffer.from('STRLEN'), namespaced[0] as Buffer],
        steps,
        true,
      );
      const current = length.value.type === 'integer' ? Number(length.value.value) : 0;
      if (current + (rest[1]?.length ?? 0) > limits.maxStringBytes)
        return text.stringTooLong(limits);
    }
    const sizeCommand = SIZE_COMMAND[spec.group];
    const adding = spec.grows?.(rest) ?? 0;
    if (sizeCommand !== undefined && adding > 0) {
      const target = namespaced[spec.into ?? 0] as Buffer;
      const size = await this.#send([Buffer.from(sizeCommand), target], steps, true);
      // A key of another type answers WRONGTYPE; the command itself will then fail the same way.
      const current = size.value.type === 'integer' ? Number(size.value.value) : 0;
      if (current + adding > limits.maxElements) return text.tooManyElements(limits);
    }
    return undefined;
  }

  /** Gives each key at most the TTL cap; true when any key's TTL was changed. */
  async #capTtl(keys: readonly Buffer[], steps: ConsoleStep[]): Promise<boolean> {
    const seconds = String(this.#options.limits.maxTtlSeconds);
    const major = Number(this.#options.connection.version.split('.')[0] ?? '0');
    let changed = false;
    for (const key of new Set(keys)) {
      // EXPIRE ... LT (Redis 7) treats "no TTL" as infinite, so it also sets one where none was.
      const reply =
        major >= 7
          ? await this.#send(
              [Buffer.from('EXPIRE'), key, Buffer.from(seconds), Buffer.from('LT')],
              steps,
              true,
            )
          : await this.#send(
              [
                Buffer.from('EVAL'),
                Buffer.from(CAP_SCRIPT),
                Buffer.from('1'),
                key,
                Buffer.from(seconds),
              ],
              steps,
              true,
            );
      if (reply.value.type === 'integer' && reply.value.value === '1') changed = true;
    }
    return changed;
  }
}

// For Redis 6, which has no EXPIRE ... LT: the same rule in one atomic script.
const CAP_SCRIPT = `local t = redis.call('ttl', KEYS[1])
if t == -1 or t > tonumber(ARGV[1]) then return redis.call('expire', KEYS[1], ARGV[1]) end
return 0`;

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
