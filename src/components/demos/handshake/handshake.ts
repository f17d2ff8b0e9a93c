/**
 * The `ch1-handshake` demo's custom element. It opens the server's watch stream (Server-Sent
 * Events) first, then a real WebSocket with the same token; the server reports the handshake
 * and every frame it read and wrote, and the page shows them. The reader sends text or binary
 * messages, asks the server for a ping (a browser cannot send one) and closes from either side.
 */
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { randomToken } from '../../../lib/demo/random-token.ts';
import { LogPanel } from '../../../lib/demo/log-panel.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import {
  frameCells,
  parseClosed,
  parseFrame,
  parseHandshake,
  type FrameWords,
} from './handshake-model.ts';

const BASE = '/demos/ws-inspector';
/** Rows kept in the frame table. */
const MAX_ROWS = 100;

/** `<handshake-demo>`. */
export class HandshakeDemo extends DemoElement {
  #strings: DemoStrings = {};
  #words: FrameWords | undefined;
  #events: EventSource | undefined;
  #socket: WebSocket | undefined;
  #token = '';
  #frameCount = 0;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #closing = false;
  #headers: LogPanel | undefined;

  #part<T extends Element>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch1-handshake: missing [data-role="${role}"]`);
    return element;
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    const s = (key: string): string => this.#strings[key] ?? key;
    this.#words = {
      in: s('dir_in'),
      out: s('dir_out'),
      yes: s('yes'),
      no: s('no'),
      length: s('length'),
      maskKey: s('mask_key'),
      close: s('close_payload'),
      cut: s('cut'),
      chars: s('chars'),
    };
    this.#headers = new LogPanel(this.#part<HTMLOListElement>('headers'));
    this.#part<HTMLFormElement>('send-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.#send(false);
    });
    this.#part('send-binary').addEventListener('click', () => this.#send(true));
    this.#part('ping').addEventListener('click', () => void this.#ask('ping'));
    this.#part('close').addEventListener('click', () => this.#closeByReader());
    this.#part('server-close').addEventListener('click', () => void this.#ask('close'));
    this.#part('reconnect').addEventListener('click', () => this.restart());
    this.addEventListener('demo-state', () => this.#showState());
    this.#showState();
    super.connectedCallback();
  }

  protected override start(): void {
    this.#closing = false;
    this.#token = randomToken();
    this.#clear();
    const events = new EventSource(`${BASE}/watch?token=${this.#token}`);
    this.#events = events;
    events.addEventListener('open', () => this.#openSocket(), { once: true });
    events.addEventListener('error', () => {
      if (this.#events === events && !this.#closing) this.#fail('watch stream lost');
    });
    events.addEventListener('handshake', (event) => this.#onHandshake(event.data as string));
    events.addEventListener('frame', (event) => this.#onFrame(event.data as string));
    events.addEventListener('closed', (event) => this.#onClosed(event.data as string));
  }

  protected override stop(): void {
    clearTimeout(this.#retry);
    this.#closing = true;
    this.#events?.close();
    this.#events = undefined;
    this.#socket?.close(1001, 'page hidden');
    this.#socket = undefined;
  }

  #openSocket(): void {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${window.location.host}${BASE}/socket?token=${this.#token}`;
    this.#part('url').textContent = url;
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    socket.addEventListener('open', () => {
      this.#failures = 0;
      this.setState('live');
    });
    socket.addEventListener('close', (event) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      if (!this.#closing && event.code === 1006) this.#fail(`WebSocket closed (${event.code})`);
      else this.#showClosed(event.code, event.reason);
    });
  }

  /** Something broke (e.g. the server restarted): start over, waiting longer each time. */
  #fail(reason: string): void {
    this.stop();
    this.setState('connecting', reason);
    const delay = Math.min(30_000, 1000 * 2 ** this.#failures);
    this.#failures += 1;
    this.#retry = setTimeout(() => this.restart(), delay);
  }

  #showState(): void {
    const state = this.dataset['state'] ?? 'offline';
    this.#part('state').textContent = this.#strings[`state_${state}`] ?? state;
    const live = state === 'live';
    for (const role of ['send', 'send-binary', 'ping', 'close', 'server-close']) {
      this.#part<HTMLButtonElement>(role).disabled = !live;
    }
    this.#part<HTMLButtonElement>('reconnect').hidden = state !== 'offline' || !this.#closing;
  }

  #clear(): void {
    this.#frameCount = 0;
    this.#part('rows').replaceChildren();
    this.#headers?.clear();
    for (const role of ['request', 'response', 'closed', 'url', 'request-bytes', 'response-bytes'])
      this.#part(role).textContent = '';
    for (const step of this.querySelectorAll<HTMLElement>('[data-step]')) step.textContent = '';
  }

  #send(binary: boolean): void {
    const input = this.#part<HTMLInputElement>('text');
    const socket = this.#socket;
    if (socket?.readyState !== WebSocket.OPEN || input.value === '') return;
    socket.send(binary ? new TextEncoder().encode(input.value) : input.value);
  }

  async #ask(action: 'ping' | 'close'): Promise<void> {
    if (action === 'close') this.#closing = true;
    const answer = await fetch(`${BASE}/${action}?token=${this.#token}`, { method: 'POST' }).catch(
      () => undefined,
    );
    if (answer?.ok !== true) this.#part('closed').textContent = this.#strings['ask_failed'] ?? '';
  }

  #closeByReader(): void {
    this.#closing = true;
    this.#socket?.close(1000, 'bye');
  }

  #onHandshake(data: string): void {
    const report = parseHandshake(data);
    if (report === undefined) return;
    this.#part('request').textContent = report.request.text;
    this.#part('response').textContent = report.response.text;
    const bytes = (n: number): string => fill(this.#strings['bytes'] ?? '{n}', { n });
    this.#part('request-bytes').textContent = bytes(report.request.bytes);
    this.#part('response-bytes').textContent = bytes(report.response.bytes);
    const { accept } = report;
    const steps: Record<string, string> = {
      key: accept.key,
      concatenated: accept.concatenated,
      sha1: accept.sha1Hex.replace(/(..)(?!$)/g, '$1 '),
      base64: accept.accept,
      sent: accept.sent ?? '—',
      verdict: this.#strings[accept.matches === true ? 'match' : 'mismatch'] ?? '',
    };
    for (const [step, value] of Object.entries(steps)) {
      const element = this.querySelector(`[data-step="${step}"]`);
      if (element) element.textContent = value;
    }
    this.querySelector('[data-step="verdict"]')?.setAttribute(
      'class',
      accept.matches === true ? 'ok' : 'bad',
    );
  }

  #onFrame(data: string): void {
    const frame = parseFrame(data);
    if (frame === undefined || this.#words === undefined) return;
    this.#frameCount += 1;
    const row = document.createElement('tr');
    row.dataset['direction'] = frame.direction;
    row.dataset['opcode'] = frame.opcodeName;
    for (const text of frameCells(this.#frameCount, frame, this.#words)) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    const rows = this.#part('rows');
    rows.append(row);
    while (rows.children.length > MAX_ROWS) rows.firstElementChild?.remove();
    const scroller = this.#part('frames-scroll');
    scroller.scrollTop = scroller.scrollHeight;
    this.#headers?.add({
      tag: frame.direction === 'in' ? '→' : '←',
      text: `${frame.headerHex} | ${frame.opcodeName}, ${frame.payloadLength} B`,
      kind: frame.direction === 'in' ? 'out' : 'in',
    });
  }

  #onClosed(data: string): void {
    const closed = parseClosed(data);
    if (closed === undefined) return;
    this.#showClosed(closed.code, closed.reason);
    this.#closing = true;
    this.#events?.close();
    this.#events = undefined;
  }

  #showClosed(code: number, reason: string): void {
    this.#part('closed').textContent = fill(this.#strings['closed'] ?? '{code}', {
      code,
      reason: JSON.stringify(reason),
    });
    if (this.dataset['state'] === 'live') {
      this.#closing = true;
      this.setState('offline', 'closed');
    }
  }
}
