/**
 * One simulated classmate: a real socket.io-client 4 run by the server that joins a presence
 * channel the way a browser with laravel-echo would. It has its own server-side session for a
 * guest user of the app, sends that session's cookie with its Socket.IO handshake and the CSRF
 * token in `auth.headers`, so the echo server authorizes it through the real
 * `/broadcasting/auth`. Once in, it whispers "typing" and says hello through the app's
 * broadcaster (leaving itself out, as `toOthers()` would).
 */
import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';
import type { App } from '../../app/create-app.ts';
import { SESSION_COOKIE } from '../../app/request-context.ts';
import { createGuest, type User } from '../../app/users.ts';

/** What a classmate needs to join. */
export interface ClassmateOptions {
  /** The site's own URL (the echo server and the app share it). */
  readonly url: string;
  /** The full presence channel name, e.g. `presence-chat.lobby`. */
  readonly channel: string;
  /** The name shown to the others. */
  readonly name: string;
  /** What it says once it has joined. */
  readonly greeting: string;
  readonly app: App;
  readonly logger: Logger;
}

/** How long after joining the classmate starts "typing", then speaks. */
const TYPING_AFTER_MS = 600;
const SPEAKS_AFTER_MS = 1800;

/** A running classmate; {@link Classmate.close} makes it leave. */
export class Classmate {
  readonly user: User;
  readonly #options: ClassmateOptions;
  readonly #sessionId: string;
  readonly #socket: Socket;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;

  constructor(options: ClassmateOptions) {
    this.#options = options;
    this.user = createGuest(options.name);
    const session = options.app.sessions.create();
    session.user = this.user;
    this.#sessionId = session.id;
    this.#socket = io(options.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 2000,
      extraHeaders: { Cookie: `${SESSION_COOKIE}=${session.id}` },
    });
    const subscribe = (): void => {
      this.#socket.emit('subscribe', {
        channel: options.channel,
        auth: { headers: { 'X-CSRF-TOKEN': session.csrfToken } },
      });
    };
    // Subscribing on every connect is what laravel-echo does after a reconnection.
    this.#socket.on('connect', subscribe);
    this.#socket.on('presence:subscribed', (channel: unknown) => {
      if (channel === options.channel) this.#greet();
    });
    this.#socket.on('subscription_error', (channel: unknown, status: unknown) =>
      options.logger.warn({ channel, status }, 'simulated classmate was refused'),
    );
  }

  /** The classmate's socket id, once connected. */
  get socketId(): string | undefined {
    return this.#socket.id;
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#closed) run();
    }, ms);
    this.#timers.add(timer);
  }

  #greet(): void {
    const { channel, name, greeting, app, logger } = this.#options;
    this.#later(TYPING_AFTER_MS, () =>
      this.#socket.emit('client event', { channel, event: 'client-typing', data: { name } }),
    );
    this.#later(SPEAKS_AFTER_MS, () => {
      app.broadcaster
        .broadcast({
          channels: [channel],
          event: 'App\\Events\\MessagePosted',
          data: { name, body: greeting, userId: this.user.id },
          socket: this.#socket.id ?? null,
        })
        .catch((err: unknown) => logger.warn({ err }, 'simulated classmate could not speak'));
    });
  }

  /** Leaves the channel, disconnects and forgets the session. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    if (this.#socket.connected) {
      this.#socket.emit('unsubscribe', { channel: this.#options.channel, auth: { headers: {} } });
    }
    this.#socket.disconnect();
    this.#options.app.sessions.destroy(this.#sessionId);
  }
}
