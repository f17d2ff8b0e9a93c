/**
 * The HTTP API of laravel-echo-server (PROTOCOL.md section 7) plus `/health` and `/metrics`.
 * Answers describe the whole cluster. Bodies are parsed safely: a malformed one is a 400.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ChannelName } from '../../redis/keys.ts';
import type { Broadcaster } from '../broadcaster.ts';
import type { EchoServerConfig } from '../config/config-schema.ts';
import type { NodeStats } from '../io-types.ts';
import type { EchoMetrics } from '../metrics.ts';
import { channelType } from '../channels/channel-name.ts';
import type { PresenceStore } from '../channels/presence-store.ts';

/** What the API needs from the server. */
export interface HttpApiDeps {
  config: EchoServerConfig;
  logger: Logger;
  metrics: EchoMetrics;
  presence: PresenceStore;
  broadcast: Broadcaster;
  /** Stats of every node (this one first). */
  clusterStats: () => Promise<NodeStats[]>;
  health: () => Promise<{
    status: 'ok' | 'degraded';
    checks: Record<string, { ok: boolean; detail?: string }>;
  }>;
  startedAt: number;
}

const MAX_BODY = 1_000_000;

const eventBodySchema = z.object({
  channel: z.string().optional(),
  channels: z.array(z.string()).optional(),
  name: z.string().min(1),
  data: z.unknown(),
  socket_id: z.string().nullish(),
});

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Decodes a URL segment; a malformed escape stays as it is (and matches no channel). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time comparison of two keys (hashed first so lengths never leak). */
export function keysMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

/** Returns the request handler; it answers `false` for URLs that are not ours. */
export function createHttpApi(deps: HttpApiDeps) {
  const { config, logger } = deps;

  function authorized(req: http.IncomingMessage, url: URL, appId: string): boolean {
    const header = req.headers.authorization;
    const given =
      typeof header === 'string' && header.startsWith('Bearer ')
        ? header.slice(7)
        : url.searchParams.get('auth_key');
    if (given === null || given === '') return false;
    let ok = false;
    // Compare against every client so timing does not reveal which app ids exist.
    for (const client of config.clients) {
      if (keysMatch(given, client.key) && client.appId === appId) ok = true;
    }
    return ok;
  }

  function cors(res: http.ServerResponse): void {
    const o = config.apiOriginAllow;
    if (!o.allowCors) return;
    if (o.allowOrigin !== '') res.setHeader('Access-Control-Allow-Origin', o.allowOrigin);
    if (o.allowMethods !== '') res.setHeader('Access-Control-Allow-Methods', o.allowMethods);
    if (o.allowHeaders !== '') res.setHeader('Access-Control-Allow-Headers', o.allowHeaders);
  }

  async function channelCounts(): Promise<{
    connections: number;
    channels: Map<ChannelName, number>;
  }> {
    const stats = await deps.clusterStats();
    const channels = new Map<ChannelName, number>();
    let connections = 0;
    for (const s of stats) {
      connections += s.connections;
      for (const [ch, n] of Object.entries(s.channels))
        channels.set(ch, (channels.get(ch) ?? 0) + n);
    }
    return { connections, channels };
  }

  async function route(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    parts: string[],
  ): Promise<void> {
    const [, appId, resource, channel, sub] = parts;
    if (appId === undefined || !authorized(req, url, appId))
      return send(res, 403, { error: 'Unauthorized' });
    const method = req.method ?? 'GET';
    if (method === 'GET' && resource === 'status' && parts.length === 3) {
      const { connections } = await channelCounts();
      return send(res, 200, {
        subscription_count: connections,
        uptime: Math.round((Date.now() - deps.startedAt) / 1000),
        memory_usage: process.memoryUsage(),
      });
    }
    if (method === 'GET' && resource === 'channels' && channel === undefined) {
      const prefix = url.searchParams.get('filter_by_prefix') ?? '';
      const { channels } = await channelCounts();
      const out: Record<string, { subscription_count: number; occupied: boolean }> = {};
      for (const [name, n] of channels) {
        if (n > 0 && name.startsWith(prefix)) out[name] = { subscription_count: n, occupied: true };
      }
      return send(res, 200, { channels: out });
    }
    if (method === 'GET' && resource === 'channels' && channel !== undefined && sub === undefined) {
      const name = safeDecode(channel);
      const { channels } = await channelCounts();
      const n = channels.get(name) ?? 0;
      const body: Record<string, unknown> = { subscription_count: n, occupied: n > 0 };
      if (channelType(name) === 'presence')
        body.user_count = (await deps.presence.members(name)).length;
      return send(res, 200, body);
    }
    if (
      method === 'GET' &&
      resource === 'channels' &&
      channel !== undefined &&
      sub === 'users' &&
      parts.length === 5
    ) {
      const name = safeDecode(channel);
      if (channelType(name) !== 'presence')
        return send(res, 400, { error: 'User list is only possible for Presence Channels' });
      const members = await deps.presence.members(name);
      return send(res, 200, {
        users: members.map((m) => ({ id: m.user_id, user_info: m.user_info })),
      });
    }
    if (method === 'POST' && resource === 'events' && parts.length === 3) {
      if (!config.subscribers.http)
        return send(res, 404, { error: 'The HTTP subscriber is disabled (subscribers.http)' });
      const text = await readBody(req);
      if (text === undefined) return send(res, 413, { error: 'Body too large' });
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return send(res, 400, { error: 'Malformed JSON body' });
      }
      const parsed = eventBodySchema.safeParse(body);
      const names = parsed.success
        ? (parsed.data.channels ?? (parsed.data.channel !== undefined ? [parsed.data.channel] : []))
        : [];
      if (!parsed.success || names.length === 0 || parsed.data.data === undefined) {
        return send(res, 400, { error: 'Event must include channel, event name and data' });
      }
      let data: unknown = parsed.data.data;
      // Pusher SDKs send `data` as a JSON string.
      if (typeof data === 'string') {
        try {
          data = JSON.parse(data) as unknown;
        } catch {
          // Not JSON: forward the string itself.
        }
      }
      const socket = parsed.data.socket_id ?? undefined;
      for (const name of names)
        deps.broadcast({ source: 'http', channel: name, event: parsed.data.name, data, socket });
      return send(res, 200, { message: 'ok' });
    }
    return send(res, 404, { error: 'Not found' });
  }

  return function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const fail = (error: unknown): void => {
      logger.error({ err: error, path }, 'HTTP API request failed');
      if (!res.headersSent) send(res, 500, { error: 'Internal error' });
      else res.destroy();
    };
    if (path === '/health' && req.method === 'GET') {
      deps.health().then((h) => send(res, h.status === 'ok' ? 200 : 503, h), fail);
      return true;
    }
    if (path === '/metrics' && req.method === 'GET') {
      deps.metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'Content-Type': deps.metrics.registry.contentType });
        res.end(text);
      }, fail);
      return true;
    }
    const parts = path.split('/').filter((p) => p !== '');
    if (parts[0] !== 'apps' || parts.length < 3) return false;
    cors(res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return true;
    }
    route(req, res, url, parts).catch(fail);
    return true;
  };
}
