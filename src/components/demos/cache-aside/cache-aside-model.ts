/**
 * The cache demo page's pure parts: the check of the server's answers and the TTL countdown.
 */
import { z } from 'zod';

const stepSchema = z.object({
  command: z.string(),
  request: z.string(),
  reply: z.string(),
  lines: z.array(z.string()),
  ms: z.number(),
});

/** One Redis command of a request, with its measured time. */
export type CacheStep = z.infer<typeof stepSchema>;

const readSchema = z.object({
  outcome: z.enum(['hit', 'miss']),
  key: z.string(),
  value: z.object({
    rows: z.array(z.object({ name: z.string(), online: z.number() })),
    queriedAt: z.string(),
  }),
  totalMs: z.number(),
  dbMs: z.number().nullable(),
  ttl: z.number(),
  queries: z.number(),
  steps: z.array(stepSchema),
});

/** What one read answered. */
export type CacheRead = z.infer<typeof readSchema>;

/** The read in `body`, or undefined when it is not one. */
export function parseCacheRead(body: unknown): CacheRead | undefined {
  const parsed = readSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

/** The steps of any answer (a read or a DEL). */
export function parseSteps(body: unknown): CacheStep[] {
  const parsed = z.object({ steps: z.array(stepSchema) }).safeParse(body);
  return parsed.success ? parsed.data.steps : [];
}

/**
 * Seconds left of a TTL read `elapsedMs` ago: Redis counts down on its own, the page follows
 * with its clock. `-2` (no key) and `-1` (no expiry) stay as they are.
 */
export function secondsLeft(ttl: number, elapsedMs: number): number {
  if (ttl < 0) return ttl;
  return Math.max(0, Math.ceil(ttl - elapsedMs / 1000));
}

/** The server time of a read without the database part: what Redis itself cost. */
export function redisMs(read: CacheRead): number {
  const spent = read.steps
    .filter((step) => !step.command.startsWith('TTL'))
    .reduce((sum, step) => sum + step.ms, 0);
  return Math.round(spent * 100) / 100;
}
