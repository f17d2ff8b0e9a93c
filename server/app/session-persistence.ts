/**
 * Sessions and bearer tokens copied to Redis, so a restart of the process (or a second
 * process on the same Redis) keeps visitors logged in, as Laravel's `redis` session driver
 * does. Memory stays the source of truth while Redis is down: every call here is best effort
 * and never throws.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Session } from './sessions.ts';
import type { User } from './users.ts';

/** Where sessions go besides memory. */
export interface SessionPersistence {
  saveSession(session: Session): Promise<void>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<void>;
  saveToken(token: string, user: User): Promise<void>;
  loadToken(token: string): Promise<User | undefined>;
}

const userSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  nameZh: z.string(),
  email: z.string(),
});

const sessionSchema = z.object({
  id: z.string(),
  csrfToken: z.string(),
  user: userSchema.optional(),
  lastSeen: z.number(),
});

/** The Redis keys of the app's sessions and tokens, under Laravel's key prefix. */
export function sessionKeys(keyPrefix: string): {
  session(id: string): string;
  token(token: string): string;
} {
  return {
    session: (id) => `${keyPrefix}echo_lab_session:${id}`,
    token: (token) => `${keyPrefix}echo_lab_token:${token}`,
  };
}

function parse<T>(schema: z.ZodType<T>, text: string | null): T | undefined {
  if (text === null) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Persistence on `redis` with keys that expire after `ttlSeconds` without use. */
export function createRedisSessionPersistence(
  redis: Redis,
  keyPrefix: string,
  ttlSeconds: number,
): SessionPersistence {
  const keys = sessionKeys(keyPrefix);
  const ready = (): boolean => redis.status === 'ready';
  // Offline is an expected state (the health endpoint reports it); a failed write only means
  // the session will not survive a restart.
  const quietly = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    if (!ready()) return undefined;
    try {
      return await work();
    } catch {
      return undefined;
    }
  };
  return {
    async saveSession(session) {
      const { id, csrfToken, user, lastSeen } = session;
      await quietly(() =>
        redis.set(
          keys.session(id),
          JSON.stringify({ id, csrfToken, user, lastSeen }),
          'EX',
          ttlSeconds,
        ),
      );
    },
    async loadSession(id) {
      const text = await quietly(() => redis.get(keys.session(id)));
      const stored = parse(sessionSchema, text ?? null);
      if (stored === undefined || stored.id !== id) return undefined;
      return {
        id: stored.id,
        csrfToken: stored.csrfToken,
        user: stored.user,
        lastSeen: stored.lastSeen,
      };
    },
    async deleteSession(id) {
      await quietly(() => redis.del(keys.session(id)));
    },
    async saveToken(token, user) {
      await quietly(() => redis.set(keys.token(token), JSON.stringify(user), 'EX', ttlSeconds));
    },
    async loadToken(token) {
      const text = await quietly(() => redis.get(keys.token(token)));
      return parse(userSchema, text ?? null);
    },
  };
}
