/**
 * The pure part of `ch1-polling-vs-websocket`: the server's clock seen from the page (so a
 * delay is the reader's receive time against the server's send time, on one clock), the check
 * of what the server sends, and the figures derived from its counts.
 */
import type { FeedUpdate, SideStats } from '../../../../server/demos/polling/feed-session.ts';

/** One clock sample: page time before and after asking, and the server's answer. */
export interface ClockSample {
  readonly sent: number;
  readonly received: number;
  readonly server: number;
}

/**
 * How far the server's clock is ahead of the page's, from the sample with the shortest round
 * trip (the server answered half-way through it, give or take).
 */
export function clockOffset(samples: readonly ClockSample[]): number {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    if (best === undefined || sample.received - sample.sent < best.received - best.sent) {
      best = sample;
    }
  }
  return best === undefined ? 0 : best.server - (best.sent + best.received) / 2;
}

/** The delay of an update received at page time `received`, given the clock offset. */
export function updateDelay(update: FeedUpdate, received: number, offset: number): number {
  return Math.max(0, received + offset - update.at);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Parses one update (a WebSocket message or an item of a poll answer). */
export function parseUpdate(value: unknown): FeedUpdate | undefined {
  return isObject(value) &&
    typeof value['seq'] === 'number' &&
    typeof value['price'] === 'number' &&
    typeof value['at'] === 'number'
    ? { seq: value['seq'], price: value['price'], at: value['at'] }
    : undefined;
}

/** Parses a poll answer: `{ updates: [...] }`. */
export function parseUpdates(value: unknown): FeedUpdate[] | undefined {
  if (!isObject(value) || !Array.isArray(value['updates'])) return undefined;
  return value['updates'].flatMap((item) => {
    const update = parseUpdate(item);
    return update ? [update] : [];
  });
}

/** The counts the server sends on the stats stream. */
export interface FeedStats {
  readonly rate: number;
  readonly polling: SideStats;
  readonly websocket: SideStats;
  readonly lastPoll?: { readonly request: string; readonly response: string };
  readonly lastFrame?: { readonly handshake: string; readonly frame: string };
}

const isSide = (value: unknown): value is SideStats =>
  isObject(value) &&
  ['requests', 'empty', 'updates', 'up', 'down'].every((k) => typeof value[k] === 'number');

/** Parses a stats event. */
export function parseStats(text: string): FeedStats | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isObject(value) &&
    typeof value['rate'] === 'number' &&
    isSide(value['polling']) &&
    isSide(value['websocket'])
    ? (value as unknown as FeedStats)
    : undefined;
}

/** Bytes on the wire per update delivered (both directions), or NaN before the first update. */
export function bytesPerUpdate(side: SideStats): number {
  return side.updates === 0 ? Number.NaN : (side.up + side.down) / side.updates;
}
