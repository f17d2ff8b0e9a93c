/**
 * Sessions, CSRF tokens and bearer tokens, kept in memory like Laravel's `array`/`file`
 * session driver on one server. A session id is 40 random URL-safe characters (as unguessable
 * as Laravel's encrypted cookie); the CSRF token lives in the session, as Laravel's does.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
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
}

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

  constructor(options: SessionStoreOptions = {}) {
    this.#maxSessions = options.maxSessions ?? 10_000;
    this.#idleMs = options.idleMs ?? 2 * 60 * 60 * 1000;
    this.#maxTokens = options.maxTokens ?? 10_000;
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
    this.#store(session);
    return session;
  }

  /**
   * Moves a session to a new id, keeping its data: what Laravel's `session()->regenerate()`
   * does at login so a planted session id is worthless afterwards.
   */
  regenerate(session: Session): Session {
    this.#sessions.delete(session.id);
    const moved: Session = { ...session, id: randomToken() };
    this.#store(moved);
    return moved;
  }

  /** Forgets a session (logout invalidates it). */
  destroy(id: string): void {
    this.#sessions.delete(id);
  }

  /** Issues a bearer token for `user` (a demo's "second device" without a second browser). */
  issueToken(user: User): string {
    const token = randomToken();
    this.#tokens.set(token, user);
    if (this.#tokens.size > this.#maxTokens) {
      const oldest = this.#tokens.keys().next().value;
      if (oldest !== undefined) this.#tokens.delete(oldest);
    }
    return token;
  }

  /** The user a bearer token stands for. */
  userForToken(token: string): User | undefined {
    return this.#tokens.get(token);
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
      this.#sessions.delete(oldest);
    }
  }
}
