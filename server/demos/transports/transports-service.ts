/**
 * The server side of `ch1-transports`: a Socket.IO namespace (`/demo-transports`) on the site's
 * Socket.IO server. It answers `echo` with the transport the event arrived on, pushes a `tick`
 * every few seconds (so long-polling has something to wait for), and tells the page when the
 * server sees the connection upgrade. The same handlers serve polling and WebSocket clients:
 * that is the point of the demo.
 */
import type { Namespace, Socket } from 'socket.io';
import { RateLimiter } from '../../app/rate-limit.ts';
import type { DemoContext, DemoService } from '../demo-service.ts';
import {
  echoSchema,
  MAX_ECHO_CHARS,
  TICK_MS,
  TRANSPORTS_NAMESPACE,
  type EchoReply,
  type TransportsClientEvents,
  type TransportsServerEvents,
} from './transports-protocol.ts';

/** The service name (logs, `/demos/health`). */
export const TRANSPORTS_SERVICE_NAME = 'transports';

type TransportsSocket = Socket<TransportsClientEvents, TransportsServerEvents>;

/** Builds the service; `tickMs` overrides {@link TICK_MS} (tests). */
export function createTransportsService(context: DemoContext, tickMs = TICK_MS): DemoService {
  const logger = context.logger.child({ demo: TRANSPORTS_SERVICE_NAME });
  // The echo server types its Socket.IO server for the Laravel protocol; this namespace speaks
  // the demo's own events.
  const nsp = context.echo.io.of(TRANSPORTS_NAMESPACE) as unknown as Namespace<
    TransportsClientEvents,
    TransportsServerEvents
  >;
  const rate = new RateLimiter({ burst: 10, perSecond: 5 });
  const timers = new Set<ReturnType<typeof setInterval>>();

  const onConnection = (socket: TransportsSocket): void => {
    const transportName = (): string => socket.conn.transport.name;
    socket.emit('transport', { name: transportName(), upgraded: false });
    socket.conn.once('upgrade', () =>
      socket.emit('transport', { name: transportName(), upgraded: true }),
    );
    let n = 0;
    const timer = setInterval(() => {
      n += 1;
      socket.emit('tick', { n, at: Date.now(), transport: transportName() });
    }, tickMs);
    timers.add(timer);
    socket.on('disconnect', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
    socket.on('echo', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (reply: EchoReply) => void;
      const parsed = echoSchema.safeParse(payload);
      if (!parsed.success) {
        reply({ ok: false, error: `echo takes { text } of at most ${MAX_ECHO_CHARS} characters.` });
        return;
      }
      if (!rate.take(socket.id)) {
        reply({ ok: false, error: 'Too many echoes: wait a moment.' });
        return;
      }
      reply({ ok: true, text: parsed.data.text, transport: transportName(), at: Date.now() });
    });
  };
  nsp.on('connection', onConnection);
  logger.debug({ namespace: TRANSPORTS_NAMESPACE }, 'Transports demo ready');

  return {
    name: TRANSPORTS_SERVICE_NAME,
    close() {
      // No disconnect packets: the echo server's close cuts the transports, clients reconnect.
      nsp.off('connection', onConnection);
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      return Promise.resolve();
    },
  };
}
