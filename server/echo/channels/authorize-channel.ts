/**
 * The auth request to Laravel's `/broadcasting/auth` (PROTOCOL.md section 2), as
 * laravel-echo-server sends it, plus what it lacked: a timeout, a cap on requests in flight
 * and TLS verification.
 */
import http from 'node:http';
import https from 'node:https';
import type { ChannelName } from '../../redis/keys.ts';
import { parsePresenceAuth, type PresenceMember } from '../protocol.ts';
import { channelType } from './channel-name.ts';

/** The outcome of an auth request: a value, never a throw. */
export type AuthResult =
  | { ok: true; status: 200; member?: PresenceMember }
  | { ok: false; status: number; reason: string };

/** What the auth request needs to know about the subscribing socket. */
export interface AuthContext {
  channel: ChannelName;
  /** `auth.headers` from the subscribe payload (or the handshake). */
  headers: Record<string, string>;
  /** The Socket.IO handshake's headers (for Cookie, Origin, Referer). */
  handshakeHeaders: http.IncomingHttpHeaders;
}

/** Settings read at each request, so `authHost` may change after start. */
export interface AuthSettings {
  authHost: string | string[];
  authEndpoint: string;
  timeoutMs: number;
  rejectUnauthorized: boolean;
}

// Headers a client must not be able to set on a request we send.
const DROPPED = new Set([
  'host',
  'content-length',
  'content-type',
  'connection',
  'transfer-encoding',
  'expect',
  'upgrade',
  'keep-alive',
  'te',
  'trailer',
  'proxy-authorization',
]);

/** Picks the authHost matching the page the socket came from, else the first one. */
export function selectAuthHost(
  authHost: string | string[],
  handshake: http.IncomingHttpHeaders,
): string {
  const hosts = Array.isArray(authHost) ? authHost : [authHost];
  const page = handshake.origin ?? handshake.referer;
  if (typeof page === 'string' && hosts.length > 1) {
    try {
      const origin = new URL(page).origin;
      const match = hosts.find((h) => new URL(h).origin === origin);
      if (match !== undefined) return match;
    } catch {
      // An unparsable Origin is ignored: fall back to the first host.
    }
  }
  return hosts[0] ?? 'http://localhost';
}

/** Sends auth requests with a concurrency cap; queued requests count against the timeout. */
export class ChannelAuthorizer {
  #active = 0;
  readonly #queue: (() => void)[] = [];
  readonly #httpAgent = new http.Agent({ keepAlive: true });
  readonly #httpsAgent = new https.Agent({ keepAlive: true });

  constructor(
    private readonly settings: () => AuthSettings,
    private readonly maxConcurrent: number,
  ) {}

  /** Requests in flight and waiting, for metrics. */
  get load(): { active: number; queued: number } {
    return { active: this.#active, queued: this.#queue.length };
  }

  /** Asks Laravel whether the socket may join `ctx.channel`. */
  async authorize(ctx: AuthContext): Promise<AuthResult> {
    const settings = this.settings();
    const deadline = Date.now() + settings.timeoutMs;
    const admitted = await this.#acquire(settings.timeoutMs);
    if (!admitted) return { ok: false, status: 0, reason: 'auth queue timeout' };
    try {
      return await this.#send(ctx, settings, Math.max(1, deadline - Date.now()));
    } finally {
      this.#release();
    }
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  #acquire(timeoutMs: number): Promise<boolean> {
    if (this.#active < this.maxConcurrent) {
      this.#active++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const grant = (): void => {
        clearTimeout(timer);
        this.#active++;
        resolve(true);
      };
      const timer = setTimeout(() => {
        const i = this.#queue.indexOf(grant);
        if (i >= 0) this.#queue.splice(i, 1);
        resolve(false);
      }, timeoutMs);
      this.#queue.push(grant);
    });
  }

  #release(): void {
    this.#active--;
    this.#queue.shift()?.();
  }

  #send(ctx: AuthContext, settings: AuthSettings, timeoutMs: number): Promise<AuthResult> {
    const base = selectAuthHost(settings.authHost, ctx.handshakeHeaders);
    let url: URL;
    try {
      url = new URL(`${base.replace(/\/+$/, '')}${settings.authEndpoint}`);
    } catch {
      return Promise.resolve({ ok: false, status: 0, reason: `invalid authHost ${base}` });
    }
    const body = new URLSearchParams({ channel_name: ctx.channel }).toString();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.headers)) {
      if (!DROPPED.has(k.toLowerCase())) headers[k] = v;
    }
    const hasCookie = Object.keys(headers).some((k) => k.toLowerCase() === 'cookie');
    const cookie = ctx.handshakeHeaders.cookie;
    if (!hasCookie && typeof cookie === 'string') headers.Cookie = cookie;
    headers['X-Requested-With'] = 'XMLHttpRequest';
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(Buffer.byteLength(body));
    headers.Accept = 'application/json';
    const isHttps = url.protocol === 'https:';
    const options: https.RequestOptions = {
      method: 'POST',
      headers,
      agent: isHttps ? this.#httpsAgent : this.#httpAgent,
      timeout: timeoutMs,
      ...(isHttps ? { rejectUnauthorized: settings.rejectUnauthorized } : {}),
    };
    return new Promise<AuthResult>((resolve) => {
      const req = (isHttps ? https : http).request(url, options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // An auth answer is a few hundred bytes; refuse to buffer a runaway body.
          if (size > 1_000_000) req.destroy(new Error('auth response too large'));
          else chunks.push(chunk);
        });
        res.on('end', () =>
          resolve(
            interpret(ctx.channel, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')),
          ),
        );
        res.on('error', (e) => resolve({ ok: false, status: 0, reason: e.message }));
      });
      const timer = setTimeout(
        () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      req.on('close', () => clearTimeout(timer));
      req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
      req.on('error', (e) => resolve({ ok: false, status: 0, reason: e.message }));
      req.end(body);
    });
  }
}

/** Turns Laravel's answer into an AuthResult. The body may come as text/html: parse anyway. */
function interpret(channel: ChannelName, status: number, text: string): AuthResult {
  if (status !== 200) return { ok: false, status, reason: `auth endpoint answered ${status}` };
  if (channelType(channel) !== 'presence') return { ok: true, status: 200 };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, status: 500, reason: 'presence auth answer is not JSON' };
  }
  const member = parsePresenceAuth(body);
  if (member === undefined) {
    return { ok: false, status: 500, reason: 'presence auth answer lacks channel_data.user_id' };
  }
  return { ok: true, status: 200, member };
}
