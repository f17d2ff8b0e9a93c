/**
 * The Redis command the app sent for a broadcast, as `POST /app/broadcast` and `/app/notify`
 * report it, written the way `redis-cli MONITOR` would show it.
 */
import { z } from 'zod';

const answerSchema = z.object({
  command: z.object({
    name: z.string(),
    script: z.string(),
    numkeys: z.number(),
    args: z.array(z.string()),
  }),
});

/** `EVAL "<script>" 0 "<payload>" "<channel>"…` for a broadcast answer; undefined otherwise. */
export function publishCommandText(body: unknown): string | undefined {
  const parsed = answerSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { name, script, numkeys, args } = parsed.data.command;
  const quoted = [script.replace(/\s*\n\s*/g, ' '), ...args].map((part) => JSON.stringify(part));
  return `${name} ${quoted[0] ?? ''} ${numkeys} ${quoted.slice(1).join(' ')}`;
}
