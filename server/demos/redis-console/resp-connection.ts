/**
 * A minimal Redis connection that speaks RESP2 itself, so the console can show the exact bytes
 * of every command and reply. It connects lazily, selects the console's database, and after a
 * drop connects again on the next command (commands are never queued while Redis is down: the
 * reader gets "Redis is offline" at once).
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Logger } from 'pino';
import { encodeCommand, RespParser, type RespReply } from './resp.ts';

/** Where to connect, from a `redis://[user:pass@]host:port[/db]` URL. */
export interface RespTarget {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly username: string;
  readonly password: string;
  readonly db: number;
}

/** Parses a Redis URL; the database number comes from its path (`/1`), else `defaultDb`. */
export function parseRedisUrl(url: string, defaultDb = 0): RespTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`${url} is not a redis:// or rediss:// URL`);
  }
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText === '' ? defaultDb : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new Error(`Bad database number in ${url}`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    tls: parsed.protocol === 'rediss:',
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    db,
  };
}

/** Redis could not be reached or dropped the connection. */
export class RedisOfflineError extends Error {
  override readonly name = 'RedisOfflineError';
}

/** Options of {@link RespConnection}. */
export interface RespConnectionOptions {
  /**
   * A connection in subscriber mode: `message` / `pmessage` arrays are pushes (given to
   * `onPush`), not replies to a command.
   */
  readonly onPush?: (reply: RespReply) => void;
  /** Called when an open connection drops (Redis restarted, network gone). */
  readonly onClose?: () => void;
  /** `CLIENT SETNAME` on connect, so `CLIENT LIST` tells the demo's connections apart. */
  readonly clientName?: string;
}

interface Pending {
  resolve(reply: RespReply): void;
  reject(error: Error): void;
}

const CONNECT_TIMEOUT_MS = 3000;
const REPLY_TIMEOUT_MS = 5000;

/** One RESP connection; replies are matched to commands in order, as Redis answers them. */
export class RespConnection {
  readonly #target: RespTarget;
  readonly #logger: Logger;
  #socket: Socket | undefined;
  #ready: Promise<void> | undefined;
  #pending: Pending[] = [];
  readonly #parser = new RespParser();
  #closed = false;
  /** The server's version, read at connect (e.g. `7.0.15`). */
  version = '';

  readonly #options: RespConnectionOptions;

  constructor(target: RespTarget, logger: Logger, options: RespConnectionOptions = {}) {
    this.#target = target;
    this.#logger = logger;
    this.#options = options;
  }

  /** The database number the console works in. */
  get db(): number {
    return this.#target.db;
  }

  /** Sends one command and resolves with its reply (an error reply resolves too). */
  async send(args: readonly (string | Buffer)[]): Promise<RespReply> {
    await this.#connect();
    return this.#write(args);
  }

  /** Whether Redis answers now (connects if needed). */
  async ping(): Promise<boolean> {
    try {
      const reply = await this.send(['PING']);
      return reply.value.type === 'simple';
    } catch {
      return false;
    }
  }

  close(): void {
    this.#closed = true;
    this.#drop(new RedisOfflineError('The console is shutting down'));
  }

  #write(args: readonly (string | Buffer)[]): Promise<RespReply> {
    const socket = this.#socket;
    if (socket === undefined) return Promise.reject(new RedisOfflineError('Not connected'));
    return new Promise<RespReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A reply that never comes leaves the connection out of step: start again.
        this.#drop(new RedisOfflineError('Redis did not answer in time'));
      }, REPLY_TIMEOUT_MS);
      this.#pending.push({
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      socket.write(encodeCommand(args));
    });
  }

  #connect(): Promise<void> {
    if (this.#closed) return Promise.reject(new RedisOfflineError('The console is shutting down'));
    this.#ready ??= this.#open().catch((error: unknown) => {
      this.#drop(error instanceof Error ? error : new Error(String(error)));
      throw new RedisOfflineError(
        `Redis at ${this.#target.host}:${this.#target.port} is not reachable (${
          error instanceof Error ? error.message : String(error)
        })`,
      );
    });
    return this.#ready;
  }

  async #open(): Promise<void> {
    const { host, port, tls } = this.#target;
    const socket = tls ? connectTls({ host, port, servername: host }) : connectTcp({ host, port });
    this.#socket = socket;
    this.#parser.reset();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connect timeout')), CONNECT_TIMEOUT_MS);
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new Error(error.code ?? error.message));
      });
    });
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => this.#logger.debug({ err: error }, 'Console Redis error'));
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#drop(new RedisOfflineError('Redis closed the connection'));
    });
    const { username, password, db } = this.#target;
    if (password !== '') {
      const auth = await this.#write(username ? ['AUTH', username, password] : ['AUTH', password]);
      if (auth.value.type === 'error') throw new Error(auth.value.value);
    }
    if (this.#options.clientName !== undefined) {
      await this.#write(['CLIENT', 'SETNAME', this.#options.clientName]);
    }
    const selected = await this.#write(['SELECT', String(db)]);
    if (selected.value.type === 'error') throw new Error(selected.value.value);
    const info = await this.#write(['INFO', 'server']);
    const text = info.value.type === 'bulk' ? (info.value.value?.toString('utf8') ?? '') : '';
    this.version = /redis_version:([\d.]+)/.exec(text)?.[1] ?? '';
  }

  #onData(chunk: Buffer): void {
    let replies: RespReply[];
    try {
      replies = this.#parser.feed(chunk);
    } catch (error) {
      this.#drop(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    for (const reply of replies) {
      if (this.#options.onPush !== undefined && isPush(reply)) this.#options.onPush(reply);
      else this.#pending.shift()?.resolve(reply);
    }
  }

  #drop(error: Error): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#ready = undefined;
    socket?.destroy();
    const pending = this.#pending;
    this.#pending = [];
    for (const entry of pending) entry.reject(new RedisOfflineError(error.message));
    // A subscriber loses its subscriptions with the connection: its owner must know.
    if (socket !== undefined && !this.#closed) this.#options.onClose?.();
  }
}

/** Whether a reply on a subscribed connection is a delivered message rather than an answer. */
function isPush(reply: RespReply): boolean {
  const value = reply.value;
  if (value.type !== 'array' || value.value === null) return false;
  const first = value.value[0];
  if (first?.type !== 'bulk' || first.value === null) return false;
  const kind = first.value.toString('latin1');
  return kind === 'message' || kind === 'pmessage';
}
