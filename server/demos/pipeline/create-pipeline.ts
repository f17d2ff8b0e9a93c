/**
 * The `pipeline` demo service (ch3-pipeline): one broadcast measured hop by hop.
 *
 * - `POST /demos/pipeline/broadcast` is the "controller": it publishes through the app's real
 *   broadcaster (Laravel's exact `EVAL`), on a public `pipeline.*` channel, `toOthers()` when
 *   asked (the `X-Socket-ID` header), and times the EVAL.
 * - The echo server's `broadcast` event says when the message came out of Redis; the sockets in
 *   the channel's room at that moment are the recipients.
 * - Pages connect to the `/demo-pipeline` Socket.IO namespace over their Echo connection: they
 *   say which Echo socket is theirs (checked: it must share the connection), sync clocks, and
 *   report when the event reached them. Every update of a trace goes to every page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import { encodePayload, type BroadcastMessage } from '../../app/broadcaster.ts';
import type { JsonValue } from '../../app/php-json.ts';
import { RateLimiter } from '../../app/rate-limit.ts';
import { SESSION_COOKIE } from '../../app/request-context.ts';
import { channelRoom } from '../../echo/channels/channel-name.ts';
import type { EchoServerEventMap } from '../../echo/create-echo-server.ts';
import { parseCookies } from '../../http/cookies.ts';
import { BodyError, readBody } from '../../http/request-body.ts';
import { sendJson } from '../../http/respond.ts';
import type { DemoContext, DemoService } from '../demo-service.ts';
import { broadcastKey, TraceStore, type Trace } from './pipeline-trace.ts';

/** The service's name and route prefix. */
export const PIPELINE_NAME = 'pipeline';
/** The route that publishes. */
export const PIPELINE_BROADCAST_PATH = `/demos/${PIPELINE_NAME}/broadcast`;
/** The Socket.IO namespace the pages use. */
export const PIPELINE_NAMESPACE = '/demo-pipeline';
/** Channels the demo publishes on. */
export const PIPELINE_CHANNEL = /^pipeline\.[A-Za-z0-9_-]{1,40}$/;
const MAX_VIEWERS = 500;
const MAX_DATA_BYTES = 4096;
const FLUSH_MS = 40;

const broadcastSchema = z.object({
  event: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\p{C}]+$/u, 'event names have no control characters'),
  channel: z.string().regex(PIPELINE_CHANNEL, 'channels are named pipeline.<name>'),
  data: z.union([z.record(z.string(), z.json()), z.array(z.json())]).default({}),
  toOthers: z.boolean().default(false),
});
const receivedSchema = z.object({
  channel: z.string().max(200),
  event: z.string().max(200),
  data: z.unknown(),
  at: z.number().finite(),
  errorMs: z.number().finite().min(0),
});
const socketIdSchema = z.string().regex(/^[\w-]{1,64}$/);

/** The server clock the demo measures with: epoch ms with sub-millisecond precision. */
const now = (): number => performance.timeOrigin + performance.now();
const round = (ms: number): number => Math.round(ms * 100) / 100;

interface Viewer {
  readonly number: number;
  echoSocketId?: string | undefined;
}

/** Builds the service on the site's app and echo server. */
export function createPipeline(context: DemoContext): DemoService {
  const { app, echo, logger } = context;
  const traces = new TraceStore();
  const viewers = new Map<string, Viewer>();
  let nextViewer = 1;
  const perVisitor = new RateLimiter({ burst: 10, perSecond: 2 });
  const site = new RateLimiter({ burst: 60, perSecond: 20, maxClients: 1 });
  // The namespace carries the demo's own events, outside the broadcasting protocol's types.
  const nsp: Namespace = (echo.io as unknown as Server).of(PIPELINE_NAMESPACE);

  // Updates of one trace within a few milliseconds (the EVAL reply, the relay, each receipt)
  // go out as one message: every page gets every trace, so a full class would otherwise cost
  // pages × receipts messages per broadcast.
  const dirty = new Set<Trace>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const publishTrace = (trace: Trace): void => {
    dirty.add(trace);
    flushTimer ??= setTimeout(() => {
      flushTimer = undefined;
      for (const item of dirty) nsp.emit('trace', item);
      dirty.clear();
    }, FLUSH_MS);
  };

  const onBroadcast = (broadcast: EchoServerEventMap['broadcast']): void => {
    if (broadcast.source !== 'redis' || !PIPELINE_CHANNEL.test(broadcast.channel)) return;
    const at = now();
    const trace = traces.awaitingEcho(
      broadcastKey(broadcast.channel, broadcast.event, broadcast.data),
    );
    if (trace === undefined) return;
    trace.echoAt = at;
    trace.toEchoMs = round(at - trace.sentAt);
    trace.packet = `42${JSON.stringify([broadcast.event, broadcast.channel, broadcast.data])}`;
    const room = echo.io.of('/').adapter.rooms.get(channelRoom(broadcast.channel)) ?? new Set();
    const byEchoSocket = new Map<string, Viewer>();
    for (const viewer of viewers.values())
      if (viewer.echoSocketId !== undefined) byEchoSocket.set(viewer.echoSocketId, viewer);
    for (const socketId of room) {
      const viewer = byEchoSocket.get(socketId);
      const skipped = broadcast.socket !== undefined && broadcast.socket === socketId;
      if (viewer !== undefined)
        trace.recipients.push({ viewer: viewer.number, status: skipped ? 'skipped' : 'pending' });
      else if (!skipped) trace.otherSockets += 1;
    }
    publishTrace(trace);
  };
  echo.events.on('broadcast', onBroadcast);

  nsp.on('connection', (socket: Socket) => {
    if (viewers.size >= MAX_VIEWERS) {
      socket.disconnect(true);
      return;
    }
    const viewer: Viewer = { number: nextViewer++ };
    viewers.set(socket.id, viewer);
    socket.on('disconnect', () => viewers.delete(socket.id));
    socket.on('hello', (echoSocketId: unknown, ack: unknown) => {
      const id = socketIdSchema.safeParse(echoSocketId);
      // The Echo socket must ride the same connection: nobody can claim another reader's.
      const claimed = id.success ? id.data : undefined;
      const main = claimed === undefined ? undefined : echo.io.of('/').sockets.get(claimed);
      const ok = main !== undefined && main.conn === socket.conn;
      if (ok) viewer.echoSocketId = claimed;
      if (typeof ack === 'function')
        ack(ok ? { viewer: viewer.number, traces: traces.list() } : { error: 'unknown socket' });
    });
    socket.on('clock', (ack: unknown) => {
      if (typeof ack === 'function') ack(now());
    });
    socket.on('received', (report: unknown) => {
      const parsed = receivedSchema.safeParse(report);
      if (!parsed.success) return;
      const { channel, event, data, at, errorMs } = parsed.data;
      const trace = traces.awaitingViewer(broadcastKey(channel, event, data), viewer.number);
      const recipient = trace?.recipients.find(
        (r) => r.viewer === viewer.number && r.status === 'pending',
      );
      if (trace === undefined || recipient === undefined || trace.echoAt === undefined) return;
      recipient.status = 'received';
      recipient.ms = round(at - trace.echoAt);
      recipient.errorMs = round(errorMs);
      publishTrace(trace);
    });
  });

  async function publish(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const visitor =
      parseCookies(req.headers.cookie).get(SESSION_COOKIE) ??
      `address:${req.socket.remoteAddress ?? '?'}`;
    if (!perVisitor.take(visitor) || !site.take('site')) {
      sendJson(res, 429, { error: 'Too many broadcasts: wait a second.' }, { 'Retry-After': '1' });
      return;
    }
    const parsed = broadcastSchema.safeParse(await readBody(req));
    if (!parsed.success) {
      sendJson(res, 422, {
        error: parsed.error.issues
          .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
          .join('; '),
      });
      return;
    }
    const input = parsed.data;
    if (Buffer.byteLength(JSON.stringify(input.data)) > MAX_DATA_BYTES) {
      sendJson(res, 413, { error: `data is larger than ${MAX_DATA_BYTES} bytes` });
      return;
    }
    const header = req.headers['x-socket-id'];
    const socketId = socketIdSchema.safeParse(Array.isArray(header) ? header[0] : header);
    const message: BroadcastMessage = {
      channels: [input.channel],
      event: input.event,
      data: input.data as Record<string, JsonValue> | JsonValue[],
      socket: input.toOthers && socketId.success ? socketId.data : null,
    };
    // What the echo server will relay: the data of the payload, as Redis will carry it.
    const relayed = (JSON.parse(encodePayload(message)) as { data: unknown }).data;
    const sentAt = now();
    const trace = traces.start(broadcastKey(input.channel, input.event, relayed), {
      channel: input.channel,
      event: input.event,
      toOthers: message.socket !== null,
      command: { script: '', numkeys: 0, args: [] },
      pattern: echo.keys.broadcastPattern,
      sentAt,
    });
    try {
      const { command } = await app.broadcaster.broadcast(message);
      trace.evalMs = round(now() - sentAt);
      Object.assign(trace, {
        command: { script: command.script, numkeys: 0, args: [...command.args] },
      });
    } catch {
      traces.drop(trace);
      sendJson(res, 503, {
        error:
          'Redis is offline: nothing was published. Start Redis (redis-server) or set REDIS_URL.',
      });
      return;
    }
    publishTrace(trace);
    sendJson(res, 200, { trace: trace.id, command: trace.command });
  }

  return {
    name: PIPELINE_NAME,
    async handleRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== PIPELINE_BROADCAST_PATH) return false;
      if (req.method !== 'POST') {
        sendJson(res, 405, { error: `${PIPELINE_BROADCAST_PATH} takes POST` }, { Allow: 'POST' });
        return true;
      }
      try {
        await publish(req, res);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        sendJson(res, error.status, { error: error.message });
      }
      return true;
    },
    close() {
      echo.events.off('broadcast', onBroadcast);
      clearTimeout(flushTimer);
      // No disconnect packets: the namespace shares each page's Echo connection, and a
      // server-side disconnect would stop that page from reconnecting after a restart. The
      // echo server closes the transports itself.
      nsp.removeAllListeners('connection');
      viewers.clear();
      logger.debug('Pipeline demo closed');
      return Promise.resolve();
    },
  };
}
