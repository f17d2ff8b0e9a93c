/**
 * The console's per-visitor quotas and TTL rule, checked with real Redis commands (which the
 * inspector lists as "check" lines): keys held, memory used, elements per collection, string
 * length; and after every write, a TTL of at most the cap on each key written.
 */
import type { CommandSpec } from './command-table.ts';
import type { ConsoleMessages } from './console-messages.ts';
import type { ConsoleLimits } from './limits.ts';
import { listKeys } from './namespace-keys.ts';
import type { StepRecorder } from './step-recorder.ts';

const SIZE_COMMAND: Readonly<Record<string, string>> = {
  list: 'LLEN',
  set: 'SCARD',
  hash: 'HLEN',
  zset: 'ZCARD',
};

/** A write about to be sent: its spec, its arguments as typed and as namespaced. */
export interface PendingWrite {
  readonly spec: CommandSpec;
  readonly args: readonly Buffer[];
  readonly namespaced: readonly Buffer[];
  readonly keyIndexes: readonly number[];
}

const integer = (value: { type: string; value: unknown }): number =>
  value.type === 'integer' ? Number(value.value) : 0;

/** The sentence refusing `write`, or undefined when it fits every quota. */
export async function checkQuota(
  recorder: StepRecorder,
  ns: string,
  write: PendingWrite,
  limits: ConsoleLimits,
  text: ConsoleMessages,
): Promise<string | undefined> {
  const { spec, args, namespaced, keyIndexes } = write;
  if (spec.name === 'SETRANGE') {
    const offset = Number(args[1]?.toString('utf8'));
    if (Number.isFinite(offset) && offset + (args[2]?.length ?? 0) > limits.maxStringBytes) {
      return text.stringTooLong(limits);
    }
  }
  const existing = await listKeys(recorder, ns, Buffer.from('*'), undefined, true);
  const known = new Set(existing.map((key) => key.toString('hex')));
  const written = new Set(keyIndexes.map((index) => namespaced[index]?.toString('hex') ?? ''));
  const fresh = [...written].filter((key) => !known.has(key)).length;
  if (existing.length + fresh > limits.maxKeys) return text.tooManyKeys(limits);

  const usages = await Promise.all(
    existing.map((key) => recorder.send([Buffer.from('MEMORY'), Buffer.from('USAGE'), key], true)),
  );
  const used = usages.reduce((sum, reply) => sum + integer(reply.value), 0);
  const incoming = args.reduce((sum, arg) => sum + arg.length, 0);
  if (used + incoming > limits.maxBytes) return text.tooManyBytes(limits);

  if (spec.name === 'APPEND') {
    const target = namespaced[0] ?? Buffer.alloc(0);
    const length = await recorder.send([Buffer.from('STRLEN'), target], true);
    if (integer(length.value) + (args[1]?.length ?? 0) > limits.maxStringBytes) {
      return text.stringTooLong(limits);
    }
  }
  const sizeCommand = SIZE_COMMAND[spec.group];
  const adding = spec.grows?.(args) ?? 0;
  if (sizeCommand !== undefined && adding > 0) {
    const target = namespaced[spec.into ?? 0] ?? Buffer.alloc(0);
    // A key of another type answers WRONGTYPE (0 here); the command itself then fails the same way.
    const size = await recorder.send([Buffer.from(sizeCommand), target], true);
    if (integer(size.value) + adding > limits.maxElements) return text.tooManyElements(limits);
  }
  return undefined;
}

// For Redis 6, which has no EXPIRE ... LT: the same rule in one atomic script.
const CAP_SCRIPT = `local t = redis.call('ttl', KEYS[1])
if t == -1 or t > tonumber(ARGV[1]) then return redis.call('expire', KEYS[1], ARGV[1]) end
return 0`;

/** Gives each key a TTL of at most `seconds`; true when any key's TTL was changed. */
export async function capTtl(
  recorder: StepRecorder,
  keys: readonly Buffer[],
  seconds: number,
): Promise<boolean> {
  const major = Number(recorder.redisVersion.split('.')[0] ?? '0');
  const cap = Buffer.from(String(seconds));
  let changed = false;
  for (const key of new Set(keys)) {
    // EXPIRE ... LT (Redis 7) treats "no TTL" as infinite, so it also sets one where none was.
    const args =
      major >= 7
        ? [Buffer.from('EXPIRE'), key, cap, Buffer.from('LT')]
        : [Buffer.from('EVAL'), Buffer.from(CAP_SCRIPT), Buffer.from('1'), key, cap];
    const reply = await recorder.send(args, true);
    if (reply.value.type === 'integer' && reply.value.value === '1') changed = true;
  }
  return changed;
}
