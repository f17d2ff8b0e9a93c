/**
 * One reader's live feed for `ch1-polling-vs-websocket`: a ticker the server advances at the
 * rate the reader picks, kept in a short ring buffer for the polling side and pushed to the
 * WebSocket side as it happens, plus the byte counts of both sides as the server measured them.
 */

/** One update of the feed; both sides receive exactly these. */
export interface FeedUpdate {
  readonly seq: number;
  /** A made-up price that moves a little every update. */
  readonly price: number;
  /** Server time (ms since the epoch) when the update was made. */
  readonly at: number;
}

/** What the server counted for one side. */
export interface SideStats {
  /** HTTP requests (polling) or WebSocket connections (WebSocket). */
  requests: number;
  /** Polls answered with no update. */
  empty: number;
  /** Updates delivered. */
  updates: number;
  /** Bytes from the browser to the server, headers included. */
  up: number;
  /** Bytes from the server to the browser, headers included. */
  down: number;
}

/** The updates per second a reader may choose. */
export const RATE_LIMITS = { min: 0.2, max: 10, initial: 1 } as const;

/** Updates kept for the polling side. */
const KEPT = 200;

const emptyStats = (): SideStats => ({ requests: 0, empty: 0, updates: 0, up: 0, down: 0 });

/** A reader's feed; `close()` stops its timer. */
export class FeedSession {
  readonly polling: SideStats = emptyStats();
  readonly websocket: SideStats = emptyStats();
  readonly #kept: FeedUpdate[] = [];
  readonly #listeners = new Set<(update: FeedUpdate) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #rate: number = RATE_LIMITS.initial;
  #seq = 0;
  #price = 100;
  #closed = false;
  /** Set whenever a number changed, so the stats are only sent when there is news. */
  dirty = true;

  constructor() {
    this.#schedule();
  }

  get rate(): number {
    return this.#rate;
  }

  /** Changes the rate (clamped to {@link RATE_LIMITS}); the next update follows the new rate. */
  setRate(perSecond: number): number {
    this.#rate = Math.min(RATE_LIMITS.max, Math.max(RATE_LIMITS.min, perSecond));
    this.dirty = true;
    clearTimeout(this.#timer);
    this.#schedule();
    return this.#rate;
  }

  /** The updates after `seq` that are still kept. */
  since(seq: number): FeedUpdate[] {
    return this.#kept.filter((update) => update.seq > seq);
  }

  /** Calls `listener` with every new update; returns the unsubscribe function. */
  subscribe(listener: (update: FeedUpdate) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#listeners.clear();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#tick();
      this.#schedule();
    }, 1000 / this.#rate);
    this.#timer.unref();
  }

  #tick(): void {
    this.#seq += 1;
    // A small random walk, rounded to cents, so the value visibly changes.
    this.#price = Math.max(1, Math.round((this.#price + (Math.random() - 0.5) * 2) * 100) / 100);
    const update: FeedUpdate = { seq: this.#seq, price: this.#price, at: Date.now() };
    this.#kept.push(update);
    if (this.#kept.length > KEPT) this.#kept.shift();
    for (const listener of this.#listeners) listener(update);
  }
}
