/**
 * KEYS and SCAN as the console emulates them: a SCAN of the visitor's namespace only (the
 * namespace is a literal prefix of the MATCH pattern and has no glob characters, so no pattern
 * can reach past it), with the namespace stripped from the names shown.
 */
import type { RespValue } from './resp.ts';
import type { StepRecorder } from './step-recorder.ts';

// Bounds one listing: a namespace holds a few dozen keys; the database may hold thousands.
const SCAN_ROUNDS = 200;

/** The visitor's keys (full names) matching `pattern` (and `type`), by SCAN. */
export async function listKeys(
  recorder: StepRecorder,
  ns: string,
  pattern: Buffer,
  type: Buffer | undefined,
  housekeeping: boolean,
): Promise<Buffer[]> {
  const prefix = Buffer.from(ns);
  const match = Buffer.concat([prefix, pattern]);
  const found = new Map<string, Buffer>();
  let cursor = '0';
  for (let round = 0; round < SCAN_ROUNDS; round += 1) {
    const args: Buffer[] = [Buffer.from('SCAN'), Buffer.from(cursor), Buffer.from('MATCH'), match];
    args.push(Buffer.from('COUNT'), Buffer.from('1000'));
    if (type !== undefined) args.push(Buffer.from('TYPE'), type);
    const value = (await recorder.send(args, housekeeping)).value;
    if (value.type !== 'array' || value.value === null) break;
    const [next, keys] = value.value;
    cursor = next?.type === 'bulk' ? (next.value?.toString('latin1') ?? '0') : '0';
    for (const key of keys?.type === 'array' ? (keys.value ?? []) : []) {
      // Defence in depth: keep only keys that really start with the namespace.
      if (key.type === 'bulk' && key.value?.subarray(0, prefix.length).equals(prefix)) {
        found.set(key.value.toString('hex'), key.value);
      }
    }
    if (cursor === '0') break;
  }
  return [...found.values()];
}

/** Key names without the namespace, sorted, as a RESP array. */
function shown(ns: string, keys: readonly Buffer[]): RespValue {
  const names = keys.map((key) => key.subarray(Buffer.byteLength(ns))).sort(Buffer.compare);
  return { type: 'array', value: names.map((key) => ({ type: 'bulk', value: key })) };
}

/** `KEYS pattern` over the namespace. */
export async function emulateKeys(
  recorder: StepRecorder,
  ns: string,
  pattern: Buffer,
): Promise<RespValue> {
  return shown(ns, await listKeys(recorder, ns, pattern, undefined, false));
}

/**
 * `SCAN cursor [MATCH p] [COUNT n] [TYPE t]` over the namespace: everything comes back in the
 * first call with cursor 0, so any later cursor has nothing left.
 */
export async function emulateScan(
  recorder: StepRecorder,
  ns: string,
  args: readonly Buffer[],
): Promise<RespValue> {
  const cursor = args[0]?.toString('utf8') ?? '';
  if (!/^\d+$/.test(cursor)) return { type: 'error', value: 'ERR invalid cursor' };
  let pattern: Buffer = Buffer.from('*');
  let type: Buffer | undefined;
  for (let i = 1; i < args.length; i += 2) {
    const option = args[i]?.toString('utf8').toUpperCase();
    const value = args[i + 1];
    if (value === undefined || (option !== 'MATCH' && option !== 'COUNT' && option !== 'TYPE')) {
      return { type: 'error', value: 'ERR syntax error' };
    }
    if (option === 'MATCH') pattern = value;
    if (option === 'TYPE') type = value;
  }
  const keys = cursor === '0' ? await listKeys(recorder, ns, pattern, type, false) : [];
  return { type: 'array', value: [{ type: 'bulk', value: Buffer.from('0') }, shown(ns, keys)] };
}
