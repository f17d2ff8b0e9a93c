/**
 * The ch4-presence demo's custom element: a chat room on the presence channel
 * `presence-chat.lobby`, joined with a real laravel-echo 2.x (`Echo.join('chat.lobby')`).
 * `here` / `joining` / `leaving` drive the member list and the event log, a `typing` whisper
 * drives the indicator, messages go through the app with `toOthers()`, simulated classmates
 * come from the `presence-classmates` service, and notifications arrive with `.notification()`
 * on the reader's own `App.Models.User.<id>` channel.
 */
import { z } from 'zod';
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { LogPanel, trimForLog } from '../../../lib/demo/log-panel.ts';
import { AppClient, type AppUser } from '../../../lib/echo/app-client.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { connectEcho, type EchoConnection } from '../../../lib/echo/echo-connection.ts';
import type { ChannelLike } from '../../../lib/echo/echo-types.ts';
import {
  MESSAGE_EVENT,
  ROOM,
  ROOM_CHANNEL,
  mayWhisper,
  memberList,
  parseMember,
  parseMessage,
  parseTyping,
  withMember,
  withoutMember,
  type Member,
} from './presence-room-model.ts';
import { TypingIndicator } from './typing-indicator.ts';

const MAX_CLASSMATES = 3;
const classmatesAnswer = z.object({ classmates: z.array(z.object({ name: z.string() })) });

/** `<presence-room-demo>`. */
export class PresenceRoomDemo extends DemoElement {
  protected override needs = ['redis'] as const;
  #strings: DemoStrings = {};
  #app = new AppClient();
  #connection: EchoConnection | undefined;
  #room: ChannelLike | undefined;
  #userChannel: string | undefined;
  #members: Member[] = [];
  #typing: TypingIndicator | undefined;
  #lastWhisper = 0;
  #classmates = 0;
  #logs: Record<'events' | 'messages' | 'notifications' | 'frames', LogPanel> | undefined;

  #part<T extends Element = HTMLElement>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch4-presence: missing [data-role="${role}"]`);
    return element;
  }

  #text(key: string, values: Readonly<Record<string, string | number>> = {}): string {
    return fill(this.#strings[key] ?? key, values);
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#logs = {
      events: new LogPanel(this.#part<HTMLOListElement>('events')),
      messages: new LogPanel(this.#part<HTMLOListElement>('messages')),
      notifications: new LogPanel(this.#part<HTMLOListElement>('notifications')),
      frames: new LogPanel(this.#part<HTMLOListElement>('frames')),
    };
    this.#part('join').addEventListener('click', () => void this.#join());
    this.#part('leave').addEventListener('click', () => this.#leave());
    this.#part('message-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#send();
    });
    this.#part('message').addEventListener('input', () => this.#whisperTyping());
    this.#typing = new TypingIndicator(this.#part('typing'), (names) =>
      this.#text('typing', { names }),
    );
    this.#part('add').addEventListener('click', () => void this.#classmate('add'));
    this.#part('remove').addEventListener('click', () => void this.#classmate('remove'));
    this.#part('notify').addEventListener('click', () => void this.#notify());
    this.addEventListener('demo-state', () => this.#showControls());
    super.connectedCallback();
  }

  #name(user: AppUser | null): string {
    if (user === null) return '';
    return this.#strings['lang'] === 'en' ? user.name : user.nameZh;
  }

  #showControls(): void {
    const live = this.dataset['state'] === 'live';
    const joined = live && this.#room !== undefined;
    this.#part('state').textContent = this.#text(`state_${this.dataset['state'] ?? 'offline'}`);
    this.#part<HTMLButtonElement>('join').disabled = !live || joined;
    this.#part<HTMLButtonElement>('leave').disabled = !joined;
    this.#part<HTMLButtonElement>('send').disabled = !joined;
    this.#part<HTMLButtonElement>('notify').disabled = !joined;
    this.#part<HTMLButtonElement>('add').disabled = !joined || this.#classmates >= MAX_CLASSMATES;
    this.#part<HTMLButtonElement>('remove').disabled = !joined || this.#classmates === 0;
    this.#part('classmates').textContent = this.#text('classmates', {
      n: this.#classmates,
      max: MAX_CLASSMATES,
    });
    const user = this.#app.user;
    this.#part('whoami').textContent = joined
      ? this.#text('joined_as', { name: this.#name(user), channel: ROOM_CHANNEL })
      : this.#text('not_joined');
  }

  protected override async start(): Promise<void> {
    await this.#app.me();
    const input = this.#part<HTMLInputElement>('nickname');
    if (input.value === '') input.value = this.#name(this.#app.user) || this.#text('default_name');
    await this.#connect();
  }

  protected override stop(): void {
    this.#connection?.close();
    this.#connection = undefined;
    this.#room = undefined;
    this.#userChannel = undefined;
    this.#classmates = 0;
    this.#typing?.clear();
    this.#renderMembers([]);
  }

  async #connect(): Promise<void> {
    this.#connection = await connectEcho(
      { csrfToken: this.#app.csrfToken },
      {
        onState: (state, reason) => this.setState(state, reason),
        onFrame: (frame) =>
          this.#logs?.frames.add({
            tag: frame.direction === 'out' ? '→' : '←',
            text: trimForLog(frame.text),
            kind: frame.direction,
          }),
      },
    );
    this.#connection.socket.on('subscription_error', ((channel: string, status: number) => {
      this.#logs?.events.add({
        tag: 'subscription_error',
        text: `${channel} ${status}`,
        kind: 'error',
      });
      // Refused (a session lost to a server restart, say): let the reader join again.
      if (channel === ROOM_CHANNEL) {
        this.#room = undefined;
        this.#showControls();
      }
    }) as (...args: never[]) => void);
    this.#showControls();
  }

  async #join(): Promise<void> {
    const wanted = this.#part<HTMLInputElement>('nickname').value.trim().slice(0, 32);
    if (wanted === '') return;
    // Ask the app who we are now: after a server restart the old session is gone.
    await this.#app.me();
    if (this.#app.user === null || this.#name(this.#app.user) !== wanted) {
      // A new login is a new session: Echo reconnects with its cookie and CSRF token.
      const answer = await this.#app.login({ name: wanted });
      if (answer.status !== 200) {
        this.#logs?.events.add({ tag: 'login', text: `HTTP ${answer.status}`, kind: 'error' });
        return;
      }
      this.stop();
      this.setState('connecting');
      await this.#connect();
    }
    const echo = this.#connection?.echo;
    const user = this.#app.user;
    if (echo === undefined || user === null) return;
    this.#room = echo
      .join(ROOM)
      .here((members) => {
        this.#renderMembers(memberList(members));
        const names = this.#members.map((m) => m.name).join(', ');
        this.#logs?.events.add({ tag: 'here', text: names, kind: 'in' });
      })
      .joining((value) => this.#presence('joining', value))
      .leaving((value) => this.#presence('leaving', value))
      .listen('MessagePosted', (data) => {
        const message = parseMessage(data);
        if (message !== undefined) {
          this.#typing?.stop(message.name);
          this.#logs?.messages.add({ tag: message.name, text: message.body, kind: 'in' });
        }
      })
      .listenForWhisper('typing', (data) => {
        const name = parseTyping(data);
        if (name !== undefined) this.#typing?.show(name);
      });
    this.#userChannel = `App.Models.User.${user.id}`;
    echo.private(this.#userChannel).notification((value) => {
      const notification = value as { type?: unknown; message?: unknown };
      this.#logs?.notifications.add({
        tag: typeof notification.type === 'string' ? notification.type : 'notification',
        text: typeof notification.message === 'string' ? notification.message : '',
        kind: 'in',
      });
    });
    this.#showControls();
  }

  #leave(): void {
    const echo = this.#connection?.echo;
    if (echo === undefined) return;
    echo.leave(ROOM);
    if (this.#userChannel !== undefined) echo.leave(this.#userChannel);
    this.#room = undefined;
    this.#userChannel = undefined;
    this.#classmates = 0;
    this.#typing?.clear();
    this.#renderMembers([]);
    this.#logs?.events.add({ tag: 'leave', text: ROOM_CHANNEL, kind: 'out' });
    this.#showControls();
  }

  #presence(kind: 'joining' | 'leaving', value: unknown): void {
    const member = parseMember(value);
    if (member === undefined) return;
    this.#renderMembers(
      kind === 'joining' ? withMember(this.#members, member) : withoutMember(this.#members, member),
    );
    if (kind === 'leaving') this.#typing?.stop(member.name);
    this.#logs?.events.add({ tag: kind, text: member.name, kind: 'in' });
  }

  #renderMembers(members: Member[]): void {
    this.#members = members;
    const items = members.map((member) => {
      const item = document.createElement('li');
      item.textContent = member.name;
      return item;
    });
    this.#part('members').replaceChildren(...items);
    this.#part('count').textContent = this.#text('count', { n: members.length });
  }

  #whisperTyping(): void {
    const now = Date.now();
    if (this.#room === undefined || !mayWhisper(this.#lastWhisper, now)) return;
    this.#lastWhisper = now;
    this.#room.whisper('typing', { name: this.#name(this.#app.user) });
  }

  async #send(): Promise<void> {
    const input = this.#part<HTMLInputElement>('message');
    const body = input.value.trim().slice(0, 500);
    const socketId = this.#connection?.echo.socketId();
    if (body === '' || this.#room === undefined) return;
    const name = this.#name(this.#app.user);
    const answer = await this.#app.post(
      '/app/broadcast',
      { channel: ROOM_CHANNEL, event: MESSAGE_EVENT, data: { name, body }, toOthers: true },
      socketId,
    );
    if (answer.status !== 200) {
      this.#logs?.messages.add({
        tag: `HTTP ${answer.status}`,
        text: answer.message,
        kind: 'error',
      });
      return;
    }
    input.value = '';
    // toOthers(): the broadcast leaves this socket out, so the page draws its own message.
    this.#logs?.messages.add({ tag: name, text: body, kind: 'out' });
  }

  async #classmate(action: 'add' | 'remove'): Promise<void> {
    const socketId = this.#connection?.echo.socketId();
    if (socketId === undefined) return;
    const answer = await this.#app.post(`/demos/presence-classmates/${action}`, {
      channel: ROOM_CHANNEL,
      socketId,
      lang: this.#strings['lang'] ?? 'en',
    });
    const parsed = classmatesAnswer.safeParse(answer.body);
    if (parsed.success) this.#classmates = parsed.data.classmates.length;
    else
      this.#logs?.events.add({ tag: `HTTP ${answer.status}`, text: answer.message, kind: 'error' });
    this.#showControls();
  }

  async #notify(): Promise<void> {
    const answer = await this.#app.post('/app/notify', {
      type: 'App\\Notifications\\ClassStarting',
      data: { message: this.#text('notification_text') },
    });
    if (answer.status !== 200) {
      this.#logs?.notifications.add({
        tag: `HTTP ${answer.status}`,
        text: answer.message,
        kind: 'error',
      });
    }
  }
}
