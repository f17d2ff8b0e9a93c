/**
 * The ch2-laravel-payload page's pure parts: the prefixes a reader can pick, the check of the
 * server's answer, and the EVAL written as `redis-cli MONITOR` would show it.
 */
import { z } from 'zod';

/** The prefixes offered besides the echo server's own, each a real-world case. */
export const OTHER_PREFIXES = [
  { value: 'laravel-database-', key: 'prefixLaravel12' },
  { value: 'laravel_database_', key: 'prefixLaravel58' },
  { value: '', key: 'prefixNone' },
] as const;

/** The event the form starts with. */
export const DEFAULT_EVENT = 'App\\Events\\OrderShipped';

/** The data the form starts with: a `/` and Chinese text show PHP's JSON escapes. */
export const DEFAULT_DATA =
  '{"order":{"id":1,"item":"茶葉蛋"},"url":"https://example.test/orders/1"}';

const answerSchema = z.object({
  channel: z.string(),
  redisChannel: z.string(),
  payload: z.string(),
  script: z.string(),
  args: z.array(z.string()),
  request: z.string(),
  evalMs: z.number(),
  echoPattern: z.string(),
  matches: z.boolean(),
  usedAppBroadcaster: z.boolean(),
  echo: z.union([
    z.object({ received: z.literal(true), ms: z.number() }),
    z.object({ received: z.literal(false), waitedMs: z.number() }),
  ]),
});

/** What the server answered for one broadcast. */
export type BroadcastAnswer = z.infer<typeof answerSchema>;

/** The answer in `body`, or undefined when it is not one. */
export function parseBroadcastAnswer(body: unknown): BroadcastAnswer | undefined {
  const parsed = answerSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

/** `EVAL "<script>" 0 "<payload>" "<channel>"`, quoted as redis-cli MONITOR quotes. */
export function evalText(script: string, args: readonly string[]): string {
  const quote = (text: string): string =>
    `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  return ['EVAL', quote(script), '0', ...args.map(quote)].join(' ');
}

/** The payload decoded and indented, to read next to its exact bytes. */
export function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/** The data typed by the reader as JSON (an object or a list), or an error in words. */
export function parseData(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? { ok: true, value } : { ok: false };
  } catch {
    return { ok: false };
  }
}
