/**
 * The `ch1-chat` demo's custom element: two panes, each with its own real socket on the chat
 * namespace, in one room whose name and link are shown so any other tab or device can join.
 * The protocol inspector lists the Socket.IO packets both sockets sent and received.
 */
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { LogPanel, trimForLog } from '../../../lib/demo/log-panel.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { ChatPane } from './chat-pane.ts';
import { normaliseRoom, randomRoom, roomFromUrl, shareUrl } from './chat-room-model.ts';

/** `<chat-room-demo>`. */
export class ChatRoomDemo extends DemoElement {
  #strings: DemoStrings = {};
  #panes: ChatPane[] = [];
  #frames: LogPanel | undefined;
  #room = '';

  #part<T extends Element>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch1-chat: missing [data-role="${role}"]`);
    return element;
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#frames = new LogPanel(this.#part<HTMLOListElement>('frames'));
    this.#room =
      roomFromUrl(window.location.href) ?? randomRoom(crypto.getRandomValues(new Uint8Array(3)));
    this.#showRoom();
    const tags = ['A', 'B'];
    this.#panes = [...this.querySelectorAll<HTMLElement>('[data-pane]')].map(
      (root, index) =>
        new ChatPane(root, this.#strings, this.pageLang, {
          onReady: (_ready, reason) => this.#updateState(reason),
          onFrame: (frame) =>
            this.#frames?.add({
              tag: `${tags[index] ?? '?'} ${frame.direction === 'out' ? '→' : '←'}`,
              text: trimForLog(frame.text),
              kind: frame.direction,
            }),
          onMembers: (count) => {
            this.#part('members').textContent = fill(this.#strings['members'] ?? '{n}', {
              n: count,
            });
          },
          onLimits: (limits) => {
            this.#part('limits').textContent = fill(this.#strings['limits'] ?? '', {
              max: limits.maxMessageChars,
              burst: limits.burst,
              per: limits.perSecond,
            });
          },
        }),
    );
    this.#part<HTMLFormElement>('room-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.#switchRoom();
    });
    this.#part<HTMLButtonElement>('copy').addEventListener('click', () => void this.#copy());
    this.addEventListener('demo-state', () => this.#showState());
    this.#showState();
    super.connectedCallback();
  }

  protected override start(): void {
    this.setState('connecting');
    for (const pane of this.#panes) pane.open(this.#room);
  }

  protected override stop(): void {
    for (const pane of this.#panes) pane.close();
  }

  #updateState(reason: string): void {
    if (this.#panes.length > 0 && this.#panes.every((pane) => pane.ready)) this.setState('live');
    else if (this.dataset['state'] !== 'offline') this.setState('connecting', reason);
  }

  #showState(): void {
    const state = this.dataset['state'] ?? 'offline';
    this.#part('state').textContent = this.#strings[`state_${state}`] ?? state;
  }

  #showRoom(): void {
    this.#part('room').textContent = this.#room;
    const link = shareUrl(window.location.href, this.#room, this.id);
    const anchor = this.#part<HTMLAnchorElement>('share');
    anchor.href = link;
    anchor.textContent = link;
  }

  #switchRoom(): void {
    const input = this.#part<HTMLInputElement>('room-input');
    const room = normaliseRoom(input.value);
    const error = this.#part('room-error');
    if (room === undefined) {
      error.textContent = this.#strings['bad_room'] ?? '';
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    error.textContent = '';
    input.setAttribute('aria-invalid', 'false');
    input.value = '';
    this.#room = room;
    const url = new URL(window.location.href);
    url.searchParams.set('room', room);
    history.replaceState(history.state, '', url);
    this.#showRoom();
    for (const pane of this.#panes) pane.switchRoom(room);
  }

  async #copy(): Promise<void> {
    const status = this.#part('copy-status');
    try {
      await navigator.clipboard.writeText(this.#part<HTMLAnchorElement>('share').href);
      status.textContent = this.#strings['copied'] ?? '';
    } catch {
      status.textContent = this.#strings['copy_failed'] ?? '';
    }
  }
}
