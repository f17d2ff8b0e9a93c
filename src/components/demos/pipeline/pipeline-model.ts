/**
 * The pure parts of ch3-pipeline: the events a reader can pick, clock sync between the page and
 * the server (so "echo server → this browser" is measured on one clock), and the text of each
 * hop as the inspector shows it.
 */

/** The event classes offered, with a payload each, as `broadcastWith()` would return it. */
export const EVENT_CLASSES = {
  'App\\Events\\OrderShipped': { orderId: 42, status: 'shipped' },
  'App\\Events\\MessageSent': { user: 'Ada', text: 'hello' },
  'App\\Events\\NewsPublished': { title: 'Typhoon day' },
} as const;

/** The channels offered; the page's Echo listens on the one chosen. */
export const PIPELINE_CHANNELS = ['pipeline.orders', 'pipeline.news'] as const;

/** One clock sample: page time before asking, the server's answer, page time after. */
export interface ClockSample {
  readonly sentAt: number;
  readonly serverAt: number;
  readonly receivedAt: number;
}

/** Server clock minus page clock, and how far off that may be (half the round trip). */
export interface ClockOffset {
  readonly offsetMs: number;
  readonly errorMs: number;
}

/** The offset from the sample with the shortest round trip (the least uncertain). */
export function clockOffset(samples: readonly ClockSample[]): ClockOffset | undefined {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    const rtt = sample.receivedAt - sample.sentAt;
    if (rtt < 0) continue;
    if (best === undefined || rtt < best.receivedAt - best.sentAt) best = sample;
  }
  if (best === undefined) return undefined;
  const rtt = best.receivedAt - best.sentAt;
  return { offsetMs: best.serverAt - (best.sentAt + best.receivedAt) / 2, errorMs: rtt / 2 };
}

/** Milliseconds for the reader: two decimals under 10 ms, one under 100, whole above. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  const digits = Math.abs(ms) < 10 ? 2 : Math.abs(ms) < 100 ? 1 : 0;
  return `${ms.toFixed(digits)} ms`;
}

/** A Redis command line, each argument quoted as redis-cli would show it. */
export function redisCommandLine(args: readonly (string | number)[]): string {
  return args.map((arg) => (typeof arg === 'number' ? String(arg) : JSON.stringify(arg))).join(' ');
}

/** The EVAL as MONITOR shows it. */
export function evalText(command: {
  script: string;
  numkeys: number;
  args: readonly string[];
}): string {
  return redisCommandLine(['EVAL', command.script, command.numkeys, ...command.args]);
}

/** What the echo server's PSUBSCRIBE connection receives: pmessage, pattern, channel, payload. */
export function pmessageText(pattern: string, args: readonly string[]): string {
  const [payload = '', ...channels] = args;
  return channels
    .map((channel) => redisCommandLine(['pmessage', pattern, channel, payload]))
    .join('\n');
}

/** Parses the reader's payload: a JSON object or array, else an error message. */
export function parsePayload(
  text: string,
): { ok: true; data: unknown } | { ok: false; error: string } {
  try {
    const data: unknown = JSON.parse(text);
    if (data !== null && typeof data === 'object') return { ok: true, data };
    return { ok: false, error: 'JSON object or array expected' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
