/**
 * The custom element of ch3-pipeline. Echo (laravel-echo + socket.io-client, as a Laravel app's
 * bootstrap.js sets it up) listens on the chosen `pipeline.*` channel; the demo's own namespace
 * `/demo-pipeline` rides the same connection to sync clocks, report receipts and hear every
 * trace. The reader broadcasts through the demo's controller, with `X-Socket-ID` for toOthers().
 */
import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import { DemoElement, type DemoState } from '../../../lib/demo/demo-element.ts';
import { LogPanel, trimForLog } from '../../../lib/demo/log-panel.ts';
import { AppClient } from '../../../lib/echo/app-client.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { connectEcho, type EchoConnection } from '../../../lib/echo/echo-connection.ts';
import { clockOffset, formatMs, parsePayload, type ClockOffset } from './pipeline-model.ts';
import { renderTrace, traceSchema, type TraceView } from './pipeline-trace-view.ts';

const BROADCAST_PATH = '/demos/pipeline/broadcast';
const CLOCK_SAMPLES = 5;
const helloSchema = z.object({ viewer: z.number(), traces: z.array(traceSchema) });
const answerSchema = z.object({ error: z.string() }).loose();

/** Page time on the same footing as the server's: epoch ms with sub-ms precision. */
const pageNow = (): number => performance.timeOrigin + performance.now();

interface Manager {
  socket(namespace: string): Socket;
}
interface AnySocket {
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
  offAny(listener?: (event: string, ...args: unknown[]) => void): unknown;
}

export class PipelineDemo extends DemoElement {
  protected override needs = ['redis', 'echo'] as const;
  #t: DemoStrings = {};
  #payloads: Record<string, unknown> = {};
  #connection: EchoConnection | undefined;
  #demo: Socket | undefined;
  #channel = '';
  #viewer: number | undefined;
  #clock: ClockOffset | undefined;
  #latest: TraceView | undefined;
  #arrived: LogPanel | undefined;
  #frames: LogPanel | undefined;

  override connectedCallback(): void {
    this.#t = readStrings(this);
    const payloads: unknown = JSON.parse(
      this.#q('script[data-role="payloads"]').textContent || '{}',
    );
    this.#payloads = z.record(z.string(), z.unknown()).parse(payloads);
    this.#arrived = new LogPanel(this.#q<HTMLOListElement>('[data-role="arrived"]'), 50);
    this.#frames = new LogPanel(this.#q<HTMLOListElement>('[data-role="frames"]'), 100);
    const form = this.#q<HTMLFormElement>('[data-role="form"]');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#broadcast();
    });
    this.#field<HTMLSelectElement>('event').addEventListener('change', (event) => {
      const name = (event.target as HTMLSelectElement).value;
      this.#field<HTMLTextAreaElement>('payload').value = JSON.stringify(
        this.#payloads[name] ?? {},
        null,
        2,
      );
    });
    this.#field<HTMLSelectElement>('channel').addEventListener('change', () => this.#listen());
    this.addEventListener('demo-state', (event) => {
      const state = (event as CustomEvent<{ state: DemoState }>).detail.state;
      const key = `state${state[0]?.toUpperCase() ?? ''}${state.slice(1)}`;
      this.#q('[data-role="state"]').textContent = this.#t[key] ?? state;
      this.#q<HTMLButtonElement>('[data-role="send"]').disabled = state !== 'live';
    });
    super.connectedCallback();
  }

  protected async start(): Promise<void> {
    // A session cookie makes this reader a visitor of their own for the demo's rate limit
    // (a classroom shares one address). Without one the demo still works, on the shared quota.
    await new AppClient().me().catch(() => undefined);
    const connection = await connectEcho(
      { csrfToken: '' },
      {
        onState: (state, reason) => {
          if (state === 'connecting') this.setState(state, reason);
        },
        onConnect: () => void this.#hello(),
        onFrame: (frame) =>
          this.#frames?.add({
            tag: frame.direction === 'in' ? '⬇' : '⬆',
            text: trimForLog(frame.text),
            kind: frame.direction,
          }),
      },
    );
    this.#connection = connection;
    (connection.socket as unknown as AnySocket).onAny(this.#onEvent);
    // The demo's namespace shares the Echo connection (one Engine.IO connection, two namespaces).
    const demo = (connection.socket.io as unknown as Manager).socket('/demo-pipeline');
    this.#demo = demo;
    demo.on('connect', () => void this.#hello());
    demo.on('trace', (value: unknown) => {
      const trace = traceSchema.safeParse(value);
      if (trace.success) this.#show(trace.data);
    });
    this.#listen();
    if (demo.connected) void this.#hello();
  }

  protected stop(): void {
    (this.#connection?.socket as unknown as AnySocket | undefined)?.offAny(this.#onEvent);
    this.#demo?.disconnect();
    this.#connection?.close();
    this.#demo = undefined;
    this.#connection = undefined;
    this.#channel = '';
  }

  /** Once both sockets are up: sync clocks, then say which Echo socket is ours. */
  async #hello(): Promise<void> {
    const demo = this.#demo;
    const echoId = this.#connection?.echo.socketId();
    if (demo === undefined || !demo.connected || echoId === undefined) return;
    const samples = [];
    for (let i = 0; i < CLOCK_SAMPLES; i++) {
      const sentAt = pageNow();
      const serverAt = Number(await demo.timeout(5000).emitWithAck('clock'));
      samples.push({ sentAt, serverAt, receivedAt: pageNow() });
    }
    this.#clock = clockOffset(samples);
    const answer = helloSchema.safeParse(await demo.timeout(5000).emitWithAck('hello', echoId));
    if (!answer.success) return;
    this.#viewer = answer.data.viewer;
    const last = answer.data.traces.at(-1);
    if (last !== undefined && this.#latest === undefined) this.#show(last);
    this.#summary();
    this.setState('live');
  }

  #onEvent = (event: string, ...args: unknown[]): void => {
    const [channel, data] = args;
    if (channel !== this.#channel) return;
    const at = pageNow();
    this.#arrived?.add({
      tag: `${channel} · ${event}`,
      text: trimForLog(JSON.stringify(data) ?? ''),
      kind: 'in',
    });
    if (this.#clock === undefined) return;
    this.#demo?.emit('received', {
      channel,
      event,
      data,
      at: at + this.#clock.offsetMs,
      errorMs: this.#clock.errorMs,
    });
  };

  #listen(): void {
    const connection = this.#connection;
    const channel = this.#field<HTMLSelectElement>('channel').value;
    if (connection === undefined || channel === this.#channel) return;
    if (this.#channel !== '') connection.echo.leave(this.#channel);
    connection.echo.channel(channel);
    this.#channel = channel;
    this.#summary();
  }

  #summary(): void {
    if (this.#viewer === undefined) return;
    this.#q('[data-role="summary"]').textContent = fill(this.#t['you'] ?? '', {
      viewer: this.#viewer,
      channel: this.#channel,
    });
  }

  #show(trace: TraceView): void {
    if (this.#latest !== undefined && trace.id < this.#latest.id) return;
    renderTrace(this, trace, this.#latest, this.#viewer, this.#t);
    this.#latest = trace;
  }

  async #broadcast(): Promise<void> {
    const status = this.#q('[data-role="sent"]');
    const payload = parsePayload(this.#field<HTMLTextAreaElement>('payload').value);
    if (!payload.ok) {
      status.dataset['statusClass'] = 'error';
      status.textContent = fill(this.#t['badPayload'] ?? '', { message: payload.error });
      return;
    }
    const socketId = this.#connection?.echo.socketId();
    const started = performance.now();
    try {
      const response = await fetch(BROADCAST_PATH, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          ...(socketId === undefined ? {} : { 'X-Socket-ID': socketId }),
        },
        body: JSON.stringify({
          event: this.#field<HTMLSelectElement>('event').value,
          channel: this.#field<HTMLSelectElement>('channel').value,
          data: payload.data,
          toOthers: this.#field<HTMLInputElement>('toOthers').checked,
        }),
      });
      const answer = answerSchema.safeParse(await response.json());
      const ms = formatMs(performance.now() - started);
      status.dataset['statusClass'] = response.ok ? 'ok' : 'error';
      status.textContent = response.ok
        ? fill(this.#t['sent'] ?? '', { status: response.status, ms })
        : fill(this.#t['refused'] ?? '', {
            status: response.status,
            message: answer.success ? answer.data.error : '',
          });
    } catch (error) {
      status.dataset['statusClass'] = 'error';
      status.textContent = fill(this.#t['refused'] ?? '', {
        status: 0,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  #field<T extends HTMLElement>(name: string): T {
    return this.#q<HTMLFormElement>('[data-role="form"]').elements.namedItem(name) as unknown as T;
  }

  #q<T extends HTMLElement = HTMLElement>(selector: string): T {
    const element = this.querySelector<T>(selector);
    if (element === null) throw new Error(`ch3-pipeline: missing ${selector}`);
    return element;
  }
}
