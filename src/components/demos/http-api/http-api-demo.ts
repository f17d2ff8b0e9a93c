/**
 * The custom element of ch3-http-api: an Echo client on the page (laravel-echo + socket.io-client,
 * set up like a Laravel app's bootstrap.js) listening on a `lab.*` channel, and a form that
 * sends `POST /apps/:appId/events` through the demo's proxy. Untrusted text: textContent only.
 */
import { z } from 'zod';
import { DemoElement, type DemoState } from '../../../lib/demo/demo-element.ts';
import { LogPanel, trimForLog } from '../../../lib/demo/log-panel.ts';
import { AppClient } from '../../../lib/echo/app-client.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { connectEcho, type EchoConnection } from '../../../lib/echo/echo-connection.ts';
import {
  broken,
  defaultBody,
  requestText,
  statusClass,
  withChannel,
  withoutName,
  wrongKey,
} from './http-api-model.ts';

const SEND_PATH = '/demos/echo-http-api/send';

const exchangeSchema = z.object({
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string().optional(),
  }),
  response: z.object({ status: z.number(), contentType: z.string(), body: z.string() }),
  ms: z.number(),
  swapped: z.boolean(),
});
const errorSchema = z.object({ error: z.string() });

interface AnySocket {
  onAny?(listener: (event: string, ...args: unknown[]) => void): unknown;
  offAny?(listener?: (event: string, ...args: unknown[]) => void): unknown;
}

export class HttpApiDemo extends DemoElement {
  protected override needs = ['redis', 'echo'] as const;
  #t: DemoStrings = {};
  #connection: EchoConnection | undefined;
  #channel = '';
  #arrived: LogPanel | undefined;
  #frames: LogPanel | undefined;
  #initial = { key: '', body: '' };

  override connectedCallback(): void {
    this.#t = readStrings(this);
    this.#arrived = new LogPanel(this.#part<HTMLOListElement>('arrived'), 50);
    this.#frames = new LogPanel(this.#part<HTMLOListElement>('frames'), 100);
    this.#initial = { key: this.#field('key').value, body: this.#field('body').value };
    this.#part('form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#send();
    });
    this.#part('listen-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.#listen(this.#listenField().value.trim());
    });
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-preset]')) {
      button.addEventListener('click', () => this.#preset(button.dataset['preset'] ?? ''));
    }
    this.addEventListener('demo-state', (event) => {
      const state = (event as CustomEvent<{ state: DemoState }>).detail.state;
      const key = `state${state[0]?.toUpperCase() ?? ''}${state.slice(1)}`;
      this.#part('state').textContent = this.#t[key] ?? state;
      this.#part<HTMLButtonElement>('send').disabled = state !== 'live';
    });
    super.connectedCallback();
  }

  protected async start(): Promise<void> {
    // A session cookie makes this reader a visitor of their own for the demo's rate limit
    // (a classroom shares one address). Without one the demo still works, on the shared quota.
    await new AppClient().me().catch(() => undefined);
    this.#connection = await connectEcho(
      { csrfToken: '' },
      {
        onState: (state, reason) => this.setState(state, reason),
        onFrame: (frame) =>
          this.#frames?.add({
            tag: frame.direction === 'in' ? '⬇' : '⬆',
            text: trimForLog(frame.text),
            kind: frame.direction,
          }),
      },
    );
    const socket = this.#connection.socket as unknown as AnySocket;
    socket.onAny?.(this.#onAny);
    this.#listen(this.#listenField().value.trim());
  }

  protected stop(): void {
    const socket = this.#connection?.socket as unknown as AnySocket | undefined;
    socket?.offAny?.(this.#onAny);
    this.#connection?.close();
    this.#connection = undefined;
    this.#channel = '';
  }

  #onAny = (event: string, ...args: unknown[]): void => {
    const [channel, data] = args;
    if (typeof channel !== 'string' || channel !== this.#channel) return;
    this.#arrived?.add({
      tag: `${channel} · ${event}`,
      text: trimForLog(JSON.stringify(data) ?? ''),
      kind: 'in',
    });
  };

  #listen(channel: string): void {
    const connection = this.#connection;
    if (connection === undefined || channel === '' || channel === this.#channel) return;
    const previous = this.#channel;
    if (previous !== '') connection.echo.leave(previous);
    connection.echo.channel(channel);
    this.#channel = channel;
    this.#part('listening').textContent = `Echo.channel('${channel}')`;
    this.#part('summary').textContent = fill(this.#t['listening'] ?? '', { channel });
    const body = this.#field('body');
    if (previous !== '') body.value = withChannel(body.value, channel);
  }

  #preset(name: string): void {
    const key = this.#field('key');
    const body = this.#field('body');
    if (name === 'wrong-key') key.value = wrongKey(key.value);
    else if (name === 'no-name') body.value = withoutName(body.value);
    else if (name === 'broken') body.value = broken(body.value);
    else {
      key.value = this.#initial.key;
      body.value = withChannel(
        this.#initial.body || defaultBody(this.#t['demoTitle'] ?? ''),
        this.#channel || 'lab.news',
      );
    }
  }

  async #send(): Promise<void> {
    const form = {
      appId: this.#field('appId').value.trim(),
      key: this.#field('key').value,
      body: this.#field('body').value,
    };
    const status = this.#part('status');
    try {
      const response = await fetch(SEND_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(form),
        cache: 'no-store',
      });
      const answer: unknown = await response.json();
      const exchange = exchangeSchema.safeParse(answer);
      if (!exchange.success) {
        const refusal = errorSchema.safeParse(answer);
        status.dataset['statusClass'] = 'error';
        status.textContent = fill(this.#t['refused'] ?? '', {
          status: response.status,
          message: refusal.success ? refusal.data.error : '',
        });
        return;
      }
      const { request, response: reply, ms, swapped } = exchange.data;
      this.#part('request').textContent = requestText(request);
      this.#part('answer').textContent =
        `HTTP/1.1 ${reply.status}\nContent-Type: ${reply.contentType}\n\n${reply.body}`;
      status.dataset['statusClass'] = statusClass(reply.status);
      status.textContent = `HTTP ${reply.status} · ${reply.body} · ${ms.toFixed(1)} ms`;
      this.#part('swapped').hidden = !swapped;
    } catch (error) {
      status.dataset['statusClass'] = 'error';
      status.textContent = fill(this.#t['failed'] ?? '', {
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  #listenField(): HTMLInputElement {
    return this.#part<HTMLFormElement>('listen-form').elements.namedItem(
      'channel',
    ) as HTMLInputElement;
  }

  #field(name: 'appId' | 'key' | 'body'): HTMLInputElement | HTMLTextAreaElement {
    return this.#part<HTMLFormElement>('form').elements.namedItem(name) as
      HTMLInputElement | HTMLTextAreaElement;
  }

  #part<T extends HTMLElement = HTMLElement>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch3-http-api: missing [data-role="${role}"]`);
    return element;
  }
}
