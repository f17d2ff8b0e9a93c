/**
 * One broadcast's journey as the pipeline demo measures it, and the store that matches what the
 * echo server relays and what the browsers report back to the broadcast the demo published.
 * Matching is by content (channel, event and the data as Redis carried it), oldest first: the
 * broadcast is not changed to carry a tracking id, so what travels is exactly what Laravel sends.
 */

/** A browser on the broadcast's channel, and what happened to the event there. */
export interface TraceRecipient {
  /** The viewer's number on this server (`Browser 3`). */
  readonly viewer: number;
  /** `skipped`: the sender's own socket under `toOthers()`. */
  status: 'pending' | 'received' | 'skipped';
  /** Echo server → browser, in ms (browser clock converted to the server's). */
  ms?: number;
  /** How far off that conversion may be, in ms (half the clock sync round trip). */
  errorMs?: number;
}

/** One broadcast's journey. */
export interface Trace {
  readonly id: number;
  readonly channel: string;
  readonly event: string;
  readonly toOthers: boolean;
  /** The exact EVAL: script, numkeys 0, ARGV (payload, prefixed channels). */
  readonly command: {
    readonly script: string;
    readonly numkeys: 0;
    readonly args: readonly string[];
  };
  /** The pattern the echo server subscribes to with PSUBSCRIBE. */
  readonly pattern: string;
  /** Server clock (epoch ms, sub-ms precision) when the app sent the EVAL. */
  readonly sentAt: number;
  /** EVAL round trip (app → Redis → app), ms. */
  evalMs?: number;
  /** App sent the EVAL → the echo server had the message, ms. */
  toEchoMs?: number;
  /** Server clock when the echo server had the message. */
  echoAt?: number;
  /** The Socket.IO packet the echo server sent to the room. */
  packet?: string;
  /** Demo viewers in the channel's room. */
  recipients: TraceRecipient[];
  /** Other sockets in the room (other demos, other tabs without the pipeline demo). */
  otherSockets: number;
}

/** The content key of a broadcast: channel, event and the data as JSON. */
export function broadcastKey(channel: string, event: string, data: unknown): string {
  return `${channel}\n${event}\n${JSON.stringify(data) ?? 'null'}`;
}

/** How many traces are kept. */
export const TRACE_LIMIT = 20;

/** The recent traces, with the content keys still waiting for the echo server. */
export class TraceStore {
  readonly #traces: Trace[] = [];
  readonly #keys = new Map<number, string>();
  #next = 1;

  /** Starts a trace; `key` is what the echo server will relay ({@link broadcastKey}). */
  start(key: string, fields: Omit<Trace, 'id' | 'recipients' | 'otherSockets'>): Trace {
    const trace: Trace = { ...fields, id: this.#next++, recipients: [], otherSockets: 0 };
    this.#traces.push(trace);
    this.#keys.set(trace.id, key);
    while (this.#traces.length > TRACE_LIMIT) {
      const old = this.#traces.shift();
      if (old) this.#keys.delete(old.id);
    }
    return trace;
  }

  /** Forgets a trace whose publish failed. */
  drop(trace: Trace): void {
    const index = this.#traces.indexOf(trace);
    if (index >= 0) this.#traces.splice(index, 1);
    this.#keys.delete(trace.id);
  }

  /** The oldest trace with `key` that the echo server has not relayed yet. */
  awaitingEcho(key: string): Trace | undefined {
    return this.#traces.find((t) => t.echoAt === undefined && this.#keys.get(t.id) === key);
  }

  /** The oldest trace with `key` where `viewer` is still pending. */
  awaitingViewer(key: string, viewer: number): Trace | undefined {
    return this.#traces.find(
      (t) =>
        this.#keys.get(t.id) === key &&
        t.recipients.some((r) => r.viewer === viewer && r.status === 'pending'),
    );
  }

  /** The most recent traces, oldest first. */
  list(): readonly Trace[] {
    return this.#traces;
  }
}
