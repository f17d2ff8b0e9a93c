/**
 * A token bucket per client key, so one visitor clicking "broadcast" in a loop cannot flood
 * the class. Keys are sessions or tokens, never IP addresses: a classroom shares one address.
 */

/** Options of {@link RateLimiter}. */
export interface RateLimitOptions {
  /** Requests allowed in a burst. @default 20 */
  readonly burst?: number;
  /** Requests regained per second. @default 5 */
  readonly perSecond?: number;
  /** Clients tracked at most; the least recent are forgotten. @default 10000 */
  readonly maxClients?: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/** Counts requests per client key. */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #burst: number;
  readonly #perSecond: number;
  readonly #maxClients: number;

  constructor(options: RateLimitOptions = {}) {
    this.#burst = options.burst ?? 20;
    this.#perSecond = options.perSecond ?? 5;
    this.#maxClients = options.maxClients ?? 10_000;
  }

  /** Takes one request from `key`'s bucket; false when it is empty. */
  take(key: string, now = Date.now()): boolean {
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, updated: now };
    this.#buckets.delete(key);
    bucket.tokens = Math.min(
      this.#burst,
      bucket.tokens + ((now - bucket.updated) / 1000) * this.#perSecond,
    );
    bucket.updated = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.#maxClients) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    return allowed;
  }
}
