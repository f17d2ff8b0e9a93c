/**
 * The ch4-public demo's custom element: a real laravel-echo 2.x on `Echo.channel('news')` with
 * three listeners (class name, leading dot, forgotten dot). The reader broadcasts through the
 * app (`POST /app/broadcast`, as a controller calling `broadcast(new NewsPublished(...))`
 * would) and sees which listener fires, next to the event name on the wire.
 */
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { LogPanel, trimForLog } from '../../../lib/demo/log-panel.ts';
import { AppClient } from '../../../lib/echo/app-client.ts';
import { connectEcho, type EchoConnection } from '../../../lib/echo/echo-connection.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { engineProtocol, type Frame } from '../../../lib/echo/frame-tap.ts';
import { publishCommandText } from '../../../lib/echo/publish-command.ts';
import { parseBroadcastFrame } from '../../../lib/echo/socket-frame.ts';
import {
  LISTENERS,
  PUBLIC_CHANNEL,
  matchingListeners,
  phpCode,
  wireEventName,
  type EventStyle,
} from './public-channel-model.ts';

const titleOf = (data: unknown): string =>
  typeof data === 'object' && data !== null && 'title' in data && typeof data.title === 'string'
    ? data.title
    : JSON.stringify(data);

/** `<public-channel-demo>`. */
export class PublicChannelDemo extends DemoElement {
  protected override needs = ['redis'] as const;
  #strings: DemoStrings = {};
  #connection: EchoConnection | undefined;
  #app = new AppClient();
  #counts = new Map<string, number>();
  #frames: LogPanel | undefined;
  #wire: LogPanel | undefined;

  #part<T extends Element>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch4-public: missing [data-role="${role}"]`);
    return element;
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#frames = new LogPanel(this.#part<HTMLOListElement>('frames'));
    this.#wire = new LogPanel(this.#part<HTMLOListElement>('wire'));
    this.#part<HTMLButtonElement>('send').addEventListener('click', () => void this.#send());
    for (const input of this.querySelectorAll('input')) {
      input.addEventListener('change', () => this.#showPhp());
    }
    this.#showPhp();
    this.addEventListener('demo-state', () => this.#showState());
    super.connectedCallback();
  }

  #style(): EventStyle {
    const checked = this.querySelector<HTMLInputElement>('input[data-role="style"]:checked');
    return checked?.value === 'broadcastAs' ? 'broadcastAs' : 'class';
  }

  #showPhp(): void {
    const toOthers = this.#part<HTMLInputElement>('to-others').checked;
    this.#part('php').textContent = phpCode(this.#style(), toOthers);
  }

  #showState(): void {
    const state = this.dataset['state'] ?? 'offline';
    this.#part('state').textContent = this.#strings[`state_${state}`] ?? state;
    this.#part<HTMLButtonElement>('send').disabled = state !== 'live';
    const socket = this.#connection?.socket;
    this.#part('socket').textContent =
      state === 'live' && socket?.id !== undefined
        ? fill(this.#strings['socket'] ?? '{id}', {
            id: socket.id,
            eio: engineProtocol(socket) ?? '?',
          })
        : (this.dataset['reason'] ?? '');
  }

  protected override async start(): Promise<void> {
    await this.#app.me();
    const connection = await connectEcho(
      { csrfToken: this.#app.csrfToken },
      {
        onState: (state, reason) => this.setState(state, reason),
        onFrame: (frame) => this.#onFrame(frame),
      },
    );
    this.#connection = connection;
    const channel = connection.echo.channel(PUBLIC_CHANNEL);
    for (const listener of LISTENERS) {
      channel.listen(listener.arg, (data) => this.#received(listener.id, data));
    }
    this.#showState();
  }

  protected override stop(): void {
    this.#connection?.close();
    this.#connection = undefined;
  }

  #onFrame(frame: Frame): void {
    this.#frames?.add({
      tag: frame.direction === 'out' ? '→' : '←',
      text: trimForLog(frame.text),
      kind: frame.direction,
    });
    const broadcast = frame.direction === 'in' ? parseBroadcastFrame(frame.text) : undefined;
    if (broadcast === undefined || broadcast.channel !== PUBLIC_CHANNEL) return;
    const hits = matchingListeners(broadcast.event);
    this.#wire?.add({
      tag: broadcast.event,
      text: fill(this.#strings[hits.length > 0 ? 'wire_hit' : 'wire_miss'] ?? '', {
        channel: broadcast.channel,
        title: titleOf(broadcast.data),
        listeners: hits.map((id) => LISTENERS.find((l) => l.id === id)?.arg ?? id).join(', '),
      }),
      kind: 'in',
    });
  }

  #received(id: string, data: unknown): void {
    const count = (this.#counts.get(id) ?? 0) + 1;
    this.#counts.set(id, count);
    const card = this.querySelector<HTMLElement>(`[data-listener="${id}"]`);
    if (card === null) return;
    card.dataset['hit'] = 'true';
    const counter = card.querySelector('[data-role="count"]');
    if (counter) counter.textContent = fill(this.#strings['received'] ?? '{n}', { n: count });
    const last = card.querySelector('[data-role="last"]');
    if (last) last.textContent = fill(this.#strings['last'] ?? '{title}', { title: titleOf(data) });
  }

  async #send(): Promise<void> {
    const result = this.#part('result');
    const title = this.#part<HTMLInputElement>('title').value.trim().slice(0, 120);
    const toOthers = this.#part<HTMLInputElement>('to-others').checked;
    const event = wireEventName(this.#style());
    const answer = await this.#app.post(
      '/app/broadcast',
      { channel: PUBLIC_CHANNEL, event, data: { title }, toOthers },
      toOthers ? this.#connection?.echo.socketId() : undefined,
    );
    result.className = answer.status === 200 ? 'ok' : 'bad';
    result.textContent = fill(this.#strings[answer.status === 200 ? 'sent' : 'not_sent'] ?? '', {
      status: answer.status,
      event,
      channel: PUBLIC_CHANNEL,
      message: answer.message,
      socket: toOthers ? (this.#connection?.echo.socketId() ?? '') : 'null',
    });
    const command = publishCommandText(answer.body);
    if (command !== undefined) this.#part('eval').textContent = trimForLog(command, 800);
  }
}
