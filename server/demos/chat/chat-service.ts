/**
 * The server side of `ch1-chat`: a chat room in its own Socket.IO namespace (`/demo-chat`) on
 * the site's Socket.IO server. A socket joins one room under a name; its messages go to the whole
 * room, sender included (the sender sees what the server accepted). Every payload is parsed;
 * a message that is too long, empty or over the per-socket rate limit gets a refusal in the
 * acknowledgement and is never relayed.
 */
import type { Namespace, Socket } from 'socket.io';
import { RateLimiter } from '../../app/rate-limit.ts';
import type { DemoContext, DemoService } from '../demo-service.ts';
import {
  CHAT_LIMITS,
  CHAT_NAMESPACE,
  joinSchema,
  messageSchema,
  type ChatAck,
  type ChatClientEvents,
  type ChatLimits,
  type ChatServerEvents,
  type ChatSocketData,
} from './chat-protocol.ts';
import { checkMessage, checkName } from './chat-rules.ts';

/** The service name (logs, `/demos/health`). */
export const CHAT_SERVICE_NAME = 'chat';

type ChatNamespace = Namespace<
  ChatClientEvents,
  ChatServerEvents,
  Record<string, never>,
  ChatSocketData
>;
type ChatSocket = Socket<ChatClientEvents, ChatServerEvents, Record<string, never>, ChatSocketData>;

/** Socket.IO room of a chat room (kept apart from anything else in the namespace). */
const roomKey = (room: string): string => `room:${room}`;

/** Calls a client's acknowledgement when it gave one (a raw client may not). */
function answer(ack: unknown, value: ChatAck): void {
  if (typeof ack === 'function') (ack as (value: ChatAck) => void)(value);
}

/** Builds the chat service; `limits` overrides {@link CHAT_LIMITS} (tests use a small burst). */
export function createChatService(
  context: DemoContext,
  limits: ChatLimits = CHAT_LIMITS,
): DemoService {
  const logger = context.logger.child({ demo: CHAT_SERVICE_NAME });
  // The echo server types its Socket.IO server for the Laravel protocol; this namespace speaks
  // the chat's own events, typed by chat-protocol.ts.
  const nsp = context.echo.io.of(CHAT_NAMESPACE) as unknown as ChatNamespace;
  const rate = new RateLimiter({ burst: limits.burst, perSecond: limits.perSecond });
  let nextId = 1;

  const members = async (room: string): Promise<number> =>
    (await nsp.in(roomKey(room)).fetchSockets()).length;

  async function leave(socket: ChatSocket): Promise<void> {
    const { room, name } = socket.data;
    if (room === undefined) return;
    await socket.leave(roomKey(room));
    socket.data.room = undefined;
    nsp.to(roomKey(room)).emit('presence', {
      room,
      name: name ?? '',
      event: 'left',
      members: await members(room),
    });
  }

  async function onJoin(socket: ChatSocket, payload: unknown, ack: unknown): Promise<void> {
    const parsed = joinSchema.safeParse(payload);
    if (!parsed.success) {
      answer(ack, {
        ok: false,
        code: 'bad_room',
        message: 'A room name has 1 to 32 lowercase letters, digits or dashes.',
      });
      return;
    }
    const name = checkName(parsed.data.name, limits);
    if (!name.ok) {
      answer(ack, name);
      return;
    }
    const { room } = parsed.data;
    if (socket.data.room !== room) await leave(socket);
    socket.data.room = room;
    socket.data.name = name.name;
    await socket.join(roomKey(room));
    const count = await members(room);
    socket
      .to(roomKey(room))
      .emit('presence', { room, name: name.name, event: 'joined', members: count });
    answer(ack, { ok: true, room, name: name.name, members: count, limits });
  }

  function onMessage(socket: ChatSocket, payload: unknown, ack: unknown): void {
    const { room, name } = socket.data;
    if (room === undefined || name === undefined) {
      answer(ack, { ok: false, code: 'not_joined', message: 'Join a room first.' });
      return;
    }
    const parsed = messageSchema.safeParse(payload);
    if (!parsed.success) {
      answer(ack, { ok: false, code: 'invalid', message: 'A message is { text: string }.' });
      return;
    }
    // Checked before the rate limit, so a refused long message does not cost a token.
    const text = checkMessage(parsed.data.text, limits);
    if (!text.ok) {
      answer(ack, text);
      return;
    }
    if (!rate.take(socket.id)) {
      answer(ack, {
        ok: false,
        code: 'rate_limited',
        message: `Too many messages: at most ${limits.burst} at once, then ${limits.perSecond} per second.`,
        max: limits.burst,
      });
      return;
    }
    const message = { id: nextId++, room, name, text: text.text, at: Date.now() };
    nsp.to(roomKey(room)).emit('message', message);
    answer(ack, { ok: true });
  }

  const onConnection = (socket: ChatSocket): void => {
    // Handlers never throw across the socket boundary: a failure is logged, the socket lives.
    const guard =
      (what: string, task: (payload: unknown, ack: unknown) => void | Promise<void>) =>
      (payload: unknown, ack?: unknown): void => {
        Promise.resolve()
          .then(() => task(payload, ack))
          .catch((err: unknown) => {
            logger.warn({ err, socket: socket.id }, `chat ${what} failed`);
            answer(ack, { ok: false, code: 'invalid', message: `The ${what} failed.` });
          });
      };
    socket.on(
      'join',
      guard('join', (payload, ack) => onJoin(socket, payload, ack)),
    );
    socket.on(
      'message',
      guard('message', (payload, ack) => onMessage(socket, payload, ack)),
    );
    socket.on('disconnect', () => {
      const { room, name } = socket.data;
      if (room === undefined) return;
      void members(room)
        .then((count) =>
          nsp
            .to(roomKey(room))
            .emit('presence', { room, name: name ?? '', event: 'left', members: count }),
        )
        .catch((err: unknown) => logger.warn({ err }, 'chat leave announcement failed'));
    });
  };
  nsp.on('connection', onConnection);
  logger.debug({ namespace: CHAT_NAMESPACE }, 'Chat demo ready');

  return {
    name: CHAT_SERVICE_NAME,
    close() {
      // No disconnect packets: the echo server's close cuts the transports next, and clients
      // reconnect by themselves once the site is back (an explicit disconnect would stop them).
      nsp.off('connection', onConnection);
      return Promise.resolve();
    },
  };
}
