/**
 * One page's subscribers in the pub/sub demo: up to three panes, each its own Redis
 * connection in subscriber mode (so `PUBLISH` counts them as separate receivers, as it would
 * count separate processes). What each receives goes to the page over its event stream with
 * the exact RESP bytes. Channels and patterns live in the visitor's namespace.
 */
import type { Logger } from 'pino';
import { showCommand } from '../redis-console/command-line.ts';
import { formatReply } from '../redis-console/reply-format.ts';
import { encodeCommand, showResp, type RespReply } from '../redis-console/resp.ts';
import { RespConnection, type RespTarget } from '../redis-console/resp-connection.ts';
import type { SseStream } from '../../http/sse-stream.ts';

/** How a pane listens. */
export type PaneMode = 'subscribe' | 'psubscribe' | 'none';

/** A command a pane sent, as the inspector shows it. */
export interface PubSubStep {
  readonly pane: number;
  readonly command: string;
  readonly request: string;
  readonly reply: string;
  readonly lines: readonly string[];
}

interface Pane {
  readonly connection: RespConnection;
  mode: PaneMode;
  /** The channel or pattern without the namespace. */
  target: string;
}

/** Panes per page. */
export const PANES = 3;

/** The panes of one open page. */
export class PubSubSession {
  readonly id: string;
  readonly visitorTag: string;
  readonly #namespace: string;
  readonly #stream: SseStream;
  readonly #panes = new Map<number, Pane>();
  readonly #target: RespTarget;
  readonly #logger: Logger;
  #closed = false;

  constructor(options: {
    id: string;
    visitorTag: string;
    namespace: string;
    stream: SseStream;
    target: RespTarget;
    logger: Logger;
  }) {
    this.id = options.id;
    this.visitorTag = options.visitorTag;
    this.#namespace = options.namespace;
    this.#stream = options.stream;
    this.#target = options.target;
    this.#logger = options.logger;
  }

  /** Makes `pane` listen with `mode` to `target` (leaving what it listened to before). */
  async listen(pane: number, mode: PaneMode, target: string): Promise<PubSubStep[]> {
    const entry = this.#pane(pane);
    const steps: PubSubStep[] = [];
    const send = async (args: string[]): Promise<void> => {
      const reply = await entry.connection.send(args);
      steps.push(step(pane, args, reply));
    };
    if (entry.mode === 'subscribe') await send(['UNSUBSCRIBE', this.#namespace + entry.target]);
    if (entry.mode === 'psubscribe') await send(['PUNSUBSCRIBE', this.#namespace + entry.target]);
    entry.mode = 'none';
    entry.target = '';
    if (mode !== 'none') {
      await send([mode === 'subscribe' ? 'SUBSCRIBE' : 'PSUBSCRIBE', this.#namespace + target]);
      entry.mode = mode;
      entry.target = target;
    }
    return steps;
  }

  /**
   * Closes every pane's connection and the stream. With a `reason`, the page is told first
   * and does not reconnect (e.g. the reader opened too many pages).
   */
  close(reason?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    if (reason !== undefined) this.#stream.send('closed', { reason });
    for (const pane of this.#panes.values()) pane.connection.close();
    this.#panes.clear();
    this.#stream.close();
  }

  #pane(index: number): Pane {
    const existing = this.#panes.get(index);
    if (existing !== undefined) return existing;
    const connection = new RespConnection(this.#target, this.#logger, {
      onPush: (reply) => this.#deliver(index, reply),
      // Subscriptions die with the connection: end the stream, the page reconnects and
      // subscribes its panes again.
      onClose: () => this.close(),
      clientName: `echo-lab-pubsub-${this.id}-${index}`,
    });
    const pane: Pane = { connection, mode: 'none', target: '' };
    this.#panes.set(index, pane);
    return pane;
  }

  #deliver(pane: number, reply: RespReply): void {
    const value = reply.value;
    if (value.type !== 'array' || value.value === null) return;
    const parts = value.value.map((item) =>
      item.type === 'bulk' && item.value !== null ? item.value.toString('utf8') : '',
    );
    const pattern = parts[0] === 'pmessage' ? parts[1] : undefined;
    const channel = parts[0] === 'pmessage' ? parts[2] : parts[1];
    const message = parts.at(-1) ?? '';
    const strip = (name: string | undefined): string =>
      name?.startsWith(this.#namespace) ? name.slice(this.#namespace.length) : (name ?? '');
    this.#stream.send('message', {
      pane,
      kind: parts[0],
      ...(pattern !== undefined ? { pattern: strip(pattern) } : {}),
      channel: strip(channel),
      message,
      resp: showResp(reply.raw),
    });
  }
}

function step(pane: number, args: string[], reply: RespReply): PubSubStep {
  const buffers = args.map((arg) => Buffer.from(arg));
  return {
    pane,
    command: showCommand(buffers),
    request: showResp(encodeCommand(buffers)),
    reply: showResp(reply.raw),
    lines: formatReply(reply.value),
  };
}
