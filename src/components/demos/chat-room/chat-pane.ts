/**
 * One pane of the `ch1-chat` demo: one real Socket.IO socket on `/demo-chat`, its name, its
 * message list and its send form. It (re)joins the room on every connect that did not recover
 * the old session, so it keeps working after a server restart.
 */
import { io, type Socket } from 'socket.io-client';
import type {
  ChatAck,
  ChatLimits,
  ChatMessage,
  ChatPresence,
} from '../../../../server/demos/chat/chat-protocol.ts';
import { fill, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import type { SocketLike } from '../../../lib/echo/echo-types.ts';
import { tapFrames, type Frame } from '../../../lib/echo/frame-tap.ts';
import { clockTime, isChatAck, refusalText } from './chat-room-model.ts';

/** What a pane tells the demo. */
export interface PaneHooks {
  /** Connected and joined (true), or not (false, with a reason). */
  onReady(ready: boolean, reason: string): void;
  /** A packet this pane's socket sent or received. */
  onFrame(frame: Frame): void;
  /** The room's size changed. */
  onMembers(count: number): void;
  /** The server's limits, known after a join. */
  onLimits(limits: ChatLimits): void;
}

const NAMESPACE = '/demo-chat';

export class ChatPane {
  readonly #root: HTMLElement;
  readonly #strings: DemoStrings;
  readonly #hooks: PaneHooks;
  readonly #lang: string;
  readonly #messages: HTMLOListElement;
  readonly #name: HTMLInputElement;
  readonly #text: HTMLInputElement;
  readonly #send: HTMLButtonElement;
  readonly #error: HTMLElement;
  #socket: Socket | undefined;
  #untap: (() => void) | undefined;
  #room = '';
  #ready = false;

  constructor(root: HTMLElement, strings: DemoStrings, lang: string, hooks: PaneHooks) {
    this.#root = root;
    this.#strings = strings;
    this.#lang = lang;
    this.#hooks = hooks;
    this.#messages = this.#part('messages');
    this.#name = this.#part('name');
    this.#text = this.#part('text');
    this.#send = this.#part('send');
    this.#error = this.#part('error');
    this.#part<HTMLFormElement>('send-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#sendMessage();
    });
    this.#name.addEventListener('change', () => void this.#join());
    this.#setReady(false, '');
  }

  #part<T extends Element>(role: string): T {
    const element = this.#root.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch1-chat: missing [data-role="${role}"]`);
    return element;
  }

  /** Connects and joins `room`. */
  open(room: string): void {
    this.#room = room;
    const socket = io(NAMESPACE, { forceNew: true });
    this.#socket = socket;
    this.#untap = tapFrames(socket as unknown as SocketLike, (frame) => this.#hooks.onFrame(frame));
    socket.on('connect', () => {
      if (!socket.recovered) void this.#join();
      else this.#setReady(true, '');
    });
    socket.on('disconnect', (reason) => this.#setReady(false, reason));
    socket.on('connect_error', (error) => this.#setReady(false, error.message));
    socket.on('message', (message: ChatMessage) => this.#showMessage(message));
    socket.on('presence', (presence: ChatPresence) => this.#showPresence(presence));
  }

  /** Leaves the current room for `room`. */
  switchRoom(room: string): void {
    this.#room = room;
    this.#messages.replaceChildren();
    void this.#join();
  }

  /** Disconnects. */
  close(): void {
    this.#untap?.();
    this.#socket?.disconnect();
    this.#socket = undefined;
    this.#setReady(false, '');
  }

  get ready(): boolean {
    return this.#ready;
  }

  #setReady(ready: boolean, reason: string): void {
    this.#ready = ready;
    this.#send.disabled = !ready;
    this.#hooks.onReady(ready, reason);
  }

  async #join(): Promise<void> {
    const socket = this.#socket;
    if (socket?.connected !== true) return;
    const ack: unknown = await socket
      .timeout(5000)
      .emitWithAck('join', { room: this.#room, name: this.#name.value })
      .catch(() => undefined);
    if (!isChatAck(ack)) {
      this.#setReady(false, 'join timed out');
      return;
    }
    this.#showRefusal(ack);
    if (!ack.ok) return;
    if (ack.limits) this.#hooks.onLimits(ack.limits);
    if (ack.members !== undefined) this.#hooks.onMembers(ack.members);
    this.#setReady(true, '');
  }

  async #sendMessage(): Promise<void> {
    const socket = this.#socket;
    const text = this.#text.value;
    if (socket === undefined || text.trim() === '') return;
    const ack: unknown = await socket
      .timeout(5000)
      .emitWithAck('message', { text })
      .catch(() => undefined);
    const answer: ChatAck = isChatAck(ack)
      ? ack
      : { ok: false, code: 'invalid', message: this.#strings['no_answer'] ?? 'No answer.' };
    this.#showRefusal(answer);
    if (answer.ok) this.#text.value = '';
  }

  #showRefusal(ack: ChatAck): void {
    this.#error.textContent = refusalText(ack, this.#strings);
    this.#text.setAttribute('aria-invalid', String(!ack.ok && ack.code !== 'bad_name'));
  }

  #showMessage(message: ChatMessage): void {
    if (message.room !== this.#room) return;
    const item = document.createElement('li');
    const time = document.createElement('span');
    time.className = 'chat-time';
    time.textContent = clockTime(message.at, this.#lang);
    const name = document.createElement('strong');
    name.textContent = message.name;
    const text = document.createElement('span');
    text.className = 'chat-text';
    text.textContent = message.text;
    item.append(time, ' ', name, ' ', text);
    this.#append(item);
  }

  #showPresence(presence: ChatPresence): void {
    if (presence.room !== this.#room) return;
    this.#hooks.onMembers(presence.members);
    const item = document.createElement('li');
    item.className = 'chat-system';
    item.textContent = fill(
      this.#strings[presence.event === 'joined' ? 'joined' : 'left'] ?? '{name}',
      { name: presence.name, n: presence.members },
    );
    this.#append(item);
  }

  #append(item: HTMLLIElement): void {
    // LogPanel's scrolling rule, for richer lines than a tag and a text.
    const scroller = this.#messages.parentElement ?? this.#messages;
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 24;
    this.#messages.append(item);
    while (this.#messages.children.length > 200) this.#messages.firstElementChild?.remove();
    if (atBottom) scroller.scrollTop = scroller.scrollHeight;
  }
}
