/**
 * Sessions, CSRF tokens and bearer tokens, kept in memory and, given a persistence, copied to
 * Redis so a restart keeps visitors logged in. A session id is 40 random URL-safe characters
 * (as unguessable as Laravel's encrypted cookie); the CSRF token lives in the session, as
 * Laravel's does.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionPersistence } from './session-persistence.ts';
import type { User } from './users.ts';

/** One visitor's session. */
export interface Session {
  readonly id: string;
  csrfToken: string;
  user: User | undefined;
  lastSeen: number;
}

/** Options of {@link SessionStore}. */
export interface SessionStoreOptions {
  /** Oldest sessions are dropped past this many (a classroom is far below). @default 10000 */
  readonly maxSessions?: number;
  /** A session unused this long is gone. @default 7200000 (2 hours, Laravel's default lifetime) */
  readonly idleMs?: number;
  /** Bearer tokens kept at most. @default 10000 */
  readonly maxTokens?: number;
  /** A copy in Redis, so sessions survive a restart. @default none (memory only) */
  readonly persistence?: SessionPersistence;
}

/** How long an unused session lives: Laravel's default `SESSION_LIFETIME` of 120 minutes. */
export const SESSION_LIFETIME_MS = 2 * 60 * 60 * 1000;

// A session in use is written back at most this often, to keep its Redis copy from expiring.
const REFRESH_MS = 60_000;

/** 40 random URL-safe characters: Laravel's `Str::random(40)` length. */
export function randomToken(): string {
  return randomBytes(30).toString('base64url');
}

/** Compares two secrets in constant time. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The in-memory session store. */
export class SessionStore {
  // Map order is insertion order: re-inserting on use keeps the least recently used first.
  readonly #sessions = new Map<string, Session>();
  readonly #tokens = new Map<string, User>();
  readonly #maxSessions: number;
  readonly #idleMs: number;
  readonly #maxTokens: number;
  readonly #persistence: SessionPersistence | undefined;
  readonly #savedAt = new Map<string, number>();

  constructor(options: SessionStoreOptions = {}) {
    this.#maxSessions = options.maxSessions ?? 10_000;
    this.#idleMs = options.idleMs ?? SESSION_LIFETIME_MS;
    this.#maxTokens = options.maxTokens ?? 10_000;
    this.#persistence = options.persistence;
  }

  /** Idle lifetime in ms (the Redis copy expires after the same time). */
  get idleMs(): number {
    return this.#idleMs;
  }

  /**
   * The session with this id from memory, else from the Redis copy (after a restart); marked
   * as used. Prefer it to {@link get} when handling a request.
   */
  async find(id: string | undefined, now = Date.now()): Promise<Session | undefined> {
    if (id === undefined) return undefined;
    const inMemory = this.get(id, now);
    if (inMemory !== undefined) {
      const savedAt = this.#savedAt.get(id);
      if (savedAt !== undefined && now - savedAt > REFRESH_MS) this.save(inMemory, now);
      return inMemory;
    }
    const stored = await this.#persistence?.loadSession(id);
    if (stored === undefined || now - stored.lastSeen > this.#idleMs) return undefined;
    stored.lastSeen = now;
    this.#store(stored);
    this.#savedAt.set(id, now);
    return stored;
  }

  /** Writes a changed session (e.g. after login) to the Redis copy; never throws. */
  save(session: Session, now = Date.now()): void {
    if (this.#persistence === undefined) return;
    this.#savedAt.set(session.id, now);
    void this.#persistence.saveSession(session);
  }

  /** The live session with this id, marked as used; undefined when unknown or expired. */
  get(id: string | undefined, now = Date.now()): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (session === undefined) return undefined;
    this.#sessions.delete(id);
    if (now - session.lastSeen > this.#idleMs) return undefined;
    session.lastSeen = now;
    this.#sessions.set(id, session);
    return session;
  }

  /** Starts a guest session with a fresh CSRF token. */
  create(now = Date.now()): Session {
    const session: Session = {
      id: randomToken(),
      csrfToken: randomToken(),
      user: undefined,
      lastSeen: now,
    };
    // Written to Redis at once, guests included: a page that fetched its CSRF token before a
    // restart must still be able to post with it afterwards.
    this.#store(session);
    this.save(session, now);
    return session;
  }

  /**
   * Moves a session to a new id, keeping its data: what Laravel's `session()->regenerate()`
   * does at login so a planted session id is worthless afterwards.
   */
  regenerate(session: Session): Session {
    this.destroy(session.id);
    const moved: Session = { ...session, id: randomToken() };
    this.#store(moved);
    this.save(moved);
    return moved;
  }

  /** Forgets a session (logout invalidates it). */
  destroy(id: string): void {
    this.#sessions.delete(id);
    if (this.#savedAt.delete(id)) void this.#persistence?.deleteSession(id);
  }

  /** Issues a bearer token for `user` (a demo's "second device" without a second browser). */
  issueToken(user: User): string {
    const token = randomToken();
    this.#tokens.set(token, user);
    void this.#persistence?.saveToken(token, user);
    if (this.#tokens.size > this.#maxTokens) {
      const oldest = this.#tokens.keys().next().value;
      if (oldest !== undefined) this.#tokens.delete(oldest);
    }
    return token;
  }

  /** The user a bearer token stands for (memory only). */
  userForToken(token: string): User | undefined {
    return this.#tokens.get(token);
  }

  /** The user a bearer token stands for, from memory or the Redis copy. */
  async findTokenUser(token: string): Promise<User | undefined> {
    const known = this.#tokens.get(token);
    if (known !== undefined) return known;
    const stored = await this.#persistence?.loadToken(token);
    if (stored !== undefined) this.#tokens.set(token, stored);
    return stored;
  }

  /** How many sessions are live (for tests and metrics). */
  get size(): number {
    return this.#sessions.size;
  }

  #store(session: Session): void {
    this.#sessions.set(session.id, session);
    while (this.#sessions.size > this.#maxSessions) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      // Only memory forgets it; the Redis copy expires on its own.
      this.#sessions.delete(oldest);
      this.#savedAt.delete(oldest);
    }
  }
}
