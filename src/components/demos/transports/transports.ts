/**
 * The `ch1-transports` demo's custom element: socket.io-client 4 on `/demo-transports`,
 * starting on long-polling and upgrading to WebSocket unless the reader forbids it. Every
 * Engine.IO packet is listed with the transport that carried it; the echo and the server's
 * ticks run through the same `emit` / `on` code either way.
 */
import { io, type Socket } from 'socket.io-client';
import type { EchoReply, Tick } from '../../../../server/demos/transports/transports-protocol.ts';
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { tapEngine } from '../../../lib/demo/engine-tap.ts';
import { LogPanel, trimForLog } from '../../../lib/demo/log-panel.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import {
  NAMESPACE,
  PacketCounts,
  clientCode,
  packetMeaning,
  transportsFor,
} from './transports-model.ts';

const isReply = (value: unknown): value is EchoReply =>
  typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';

/** `<transports-demo>`. */
export class TransportsDemo extends DemoElement {
  #strings: DemoStrings = {};
  #socket: Socket | undefined;
  #untap: (() => void) | undefined;
  #packets: LogPanel | undefined;
  #events: LogPanel | undefined;
  #counts = new PacketCounts();

  #part<T extends Element>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch1-transports: missing [data-role="${role}"]`);
    return element;
  }

  get #allowWebSocket(): boolean {
    return !this.#part<HTMLInputElement>('forbid-ws').checked;
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#packets = new LogPanel(this.#part<HTMLOListElement>('packets'), 300);
    this.#events = new LogPanel(this.#part<HTMLOListElement>('events'));
    this.#part<HTMLInputElement>('forbid-ws').addEventListener('change', () => {
      this.#showCode();
      this.restart();
    });
    this.#part<HTMLFormElement>('echo-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#echo();
    });
    this.addEventListener('demo-state', () => this.#showState());
    this.#showCode();
    this.#showState();
    super.connectedCallback();
  }

  protected override start(): void {
    this.#packets?.clear();
    this.#counts.clear();
    this.#showCounts();
    this.#part('transport').textContent = '';
    const socket = io(NAMESPACE, {
      transports: transportsFor(this.#allowWebSocket),
      forceNew: true,
    });
    this.#socket = socket;
    this.#untap = tapEngine(socket, {
      onPacket: (record) => {
        this.#counts.add(record.transport);
        this.#showCounts();
        const meaning = this.#strings[`packet_${packetMeaning(record.text)}`] ?? '';
        this.#packets?.add({
          tag: `${record.transport} ${record.direction === 'out' ? '→' : '←'}`,
          text: `${trimForLog(record.text, 200)}  · ${meaning}`,
          kind: record.direction,
        });
      },
      onTransport: (event) => {
        this.#packets?.add({
          tag: '··',
          text: fill(this.#strings[`transport_${event.kind}`] ?? event.kind, {
            name: event.transport,
          }),
        });
        if (event.kind === 'upgraded') this.#showTransport(event.transport);
      },
    });
    socket.on('connect', () => {
      this.setState('live');
      this.#showTransport(socket.io.engine.transport.name);
    });
    socket.on('disconnect', (reason) => this.setState('connecting', reason));
    socket.on('connect_error', (error) => this.setState('connecting', error.message));
    socket.on('transport', (info: { name: string; upgraded: boolean }) => {
      this.#events?.add({
        tag: 'on',
        text: fill(this.#strings[info.upgraded ? 'server_upgraded' : 'server_transport'] ?? '', {
          name: info.name,
        }),
        kind: 'in',
      });
    });
    socket.on('tick', (tick: Tick) => {
      this.#events?.add({
        tag: 'on',
        text: fill(this.#strings['tick'] ?? '', { n: tick.n, name: tick.transport }),
        kind: 'in',
      });
    });
  }

  protected override stop(): void {
    this.#untap?.();
    this.#socket?.disconnect();
    this.#socket = undefined;
  }

  #showState(): void {
    const state = this.dataset['state'] ?? 'offline';
    this.#part('state').textContent = this.#strings[`state_${state}`] ?? state;
    this.#part<HTMLButtonElement>('send').disabled = state !== 'live';
  }

  #showCode(): void {
    this.#part('code').textContent = clientCode(this.#allowWebSocket);
  }

  #showTransport(name: string): void {
    this.#part('transport').textContent = fill(this.#strings['transport_now'] ?? '{name}', {
      name,
    });
  }

  #showCounts(): void {
    this.#part('counts').textContent = fill(this.#strings['counts'] ?? '', {
      polling: this.#counts.get('polling'),
      websocket: this.#counts.get('websocket'),
    });
  }

  async #echo(): Promise<void> {
    const socket = this.#socket;
    const text = this.#part<HTMLInputElement>('text').value;
    if (socket === undefined) return;
    const sent = performance.now();
    const reply: unknown = await socket
      .timeout(5000)
      .emitWithAck('echo', { text })
      .catch(() => undefined);
    const ms = Math.round(performance.now() - sent);
    if (!isReply(reply)) {
      this.#events?.add({ tag: 'ack', text: this.#strings['no_answer'] ?? '', kind: 'error' });
      return;
    }
    this.#events?.add(
      reply.ok
        ? {
            tag: 'ack',
            text: fill(this.#strings['reply'] ?? '', {
              text: JSON.stringify(reply.text),
              name: reply.transport,
              ms,
            }),
            kind: 'in',
          }
        : { tag: 'ack', text: reply.error, kind: 'error' },
    );
  }
}
