/**
 * The ch2-laravel-payload demo's custom element, `<laravel-payload-demo>`: the reader picks a
 * key prefix, a channel, an event and its data; the server publishes exactly as Laravel's
 * Redis broadcaster does and answers the EVAL, the Redis channel and whether the echo server
 * heard it; a real laravel-echo in this page, subscribed to the public channel, shows whether
 * the event arrived. A wrong prefix publishes just as well, and nothing arrives.
 */
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { LogPanel, trimForLog } from '../../../lib/demo/log-panel.ts';
import { connectEcho, type EchoConnection } from '../../../lib/echo/echo-connection.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import type { Frame } from '../../../lib/echo/frame-tap.ts';
import type { ChannelLike } from '../../../lib/echo/echo-types.ts';
import {
  evalText,
  parseBroadcastAnswer,
  parseData,
  prettyPayload,
  type BroadcastAnswer,
} from './laravel-payload-model.ts';

const errorOf = (body: unknown): string =>
  typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
    ? body.error
    : '';

/** `<laravel-payload-demo>`. */
export class LaravelPayloadDemo extends DemoElement {
  protected override needs = ['redis', 'echo'] as const;
  #strings: DemoStrings = {};
  #connection: EchoConnection | undefined;
  #channelPrefix = '';
  #subscribed: { name: string; channel: ChannelLike; events: Set<string> } | undefined;
  #frames: LogPanel | undefined;
  /** The broadcast the page waits for: its channel, event and when it was sent. */
  #pending: { channel: string; event: string; sentAt: number; arrived: boolean } | undefined;

  #part<T extends Element = HTMLElement>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch2-laravel-payload: missing [data-role="${role}"]`);
    return element;
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#frames = new LogPanel(this.#part<HTMLOListElement>('frames'), 200);
    this.#part<HTMLFormElement>('form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#broadcast();
    });
    this.addEventListener('demo-state', () => this.#showState());
    super.connectedCallback();
    this.#showState();
  }

  protected override async start(): Promise<void> {
    const response = await fetch('/demos/laravel-payload/session', { cache: 'no-store' });
    const session: unknown = await response.json();
    if (!response.ok || typeof session !== 'object' || session === null) {
      throw new Error(errorOf(session) || `HTTP ${response.status}`);
    }
    const { channelPrefix, keyPrefix, echoPattern } = session as Record<string, unknown>;
    this.#channelPrefix = String(channelPrefix ?? '');
    this.#part('channel-prefix').textContent = this.#channelPrefix;
    this.#part('echo-pattern').textContent = `PSUBSCRIBE ${String(echoPattern ?? '')}`;
    const right = this.#part<HTMLInputElement>('prefix-right');
    right.value = String(keyPrefix ?? '');
    this.#part('prefix-right-value').textContent = right.value === '' ? '""' : right.value;
    this.#connection = await connectEcho(
      { csrfToken: '' },
      {
        onState: (state, reason) => {
          this.setState(state, reason);
          // Echo 2 joins its channels again after a reconnect; the page keeps its listeners.
        },
        onFrame: (frame) => this.#onFrame(frame),
      },
    );
    this.#subscribe(this.#channelName());
  }

  protected override stop(): void {
    this.#connection?.close();
    this.#connection = undefined;
    this.#subscribed = undefined;
  }

  #channelName(): string {
    return this.#channelPrefix + this.#part<HTMLInputElement>('channel').value.trim();
  }

  #subscribe(name: string): ChannelLike | undefined {
    const echo = this.#connection?.echo;
    if (echo === undefined) return undefined;
    if (this.#subscribed?.name === name) return this.#subscribed.channel;
    if (this.#subscribed) echo.leave(this.#subscribed.name);
    const channel = echo.channel(name);
    this.#subscribed = { name, channel, events: new Set() };
    this.#part('listening').textContent = fill(this.#strings['listening'] ?? '', { channel: name });
    return channel;
  }

  #listen(event: string): void {
    const subscribed = this.#subscribed;
    if (subscribed === undefined || subscribed.events.has(event)) return;
    subscribed.events.add(event);
    // A leading dot: the name is used as written, without Echo's App.Events namespace.
    subscribed.channel.listen(`.${event}`, () => this.#arrived(subscribed.name, event));
  }

  async #broadcast(): Promise<void> {
    const result = this.#part('result');
    const data = parseData(this.#part<HTMLTextAreaElement>('data').value);
    if (!data.ok) {
      result.textContent = this.#strings['badJson'] ?? '';
      return;
    }
    const channel = this.#channelName();
    const event = this.#part<HTMLInputElement>('event').value.trim();
    const prefix =
      this.querySelector<HTMLInputElement>('input[name^="ch2-payload-prefix"]:checked')?.value ??
      '';
    this.#subscribe(channel);
    this.#listen(event);
    this.#pending = { channel, event, sentAt: performance.now(), arrived: false };
    this.#part('arrival').textContent = this.#strings['waiting'] ?? '';
    this.#part('arrival').dataset['result'] = 'waiting';
    const response = await fetch('/demos/laravel-payload/broadcast', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        prefix,
        channel: channel.slice(this.#channelPrefix.length),
        event,
        data: data.value,
      }),
    }).catch(() => undefined);
    const body: unknown = response ? await response.json().catch(() => ({})) : {};
    const answer = response?.ok ? parseBroadcastAnswer(body) : undefined;
    if (answer === undefined) {
      result.textContent = errorOf(body) || (this.#strings['unreachable'] ?? '');
      this.#pending = undefined;
      this.#part('arrival').textContent = '';
      return;
    }
    result.textContent = fill(this.#strings['sent'] ?? '', { ms: answer.evalMs });
    this.#show(answer);
  }

  #show(answer: BroadcastAnswer): void {
    this.#part('eval').textContent = evalText(answer.script, answer.args);
    this.#part('payload').textContent = answer.payload;
    this.#part('decoded').textContent = prettyPayload(answer.payload);
    this.#part('redis-channel').textContent = answer.redisChannel;
    this.#part('resp').textContent = answer.request;
    const match = this.#part('match');
    match.textContent = fill(this.#strings[answer.matches ? 'matches' : 'noMatch'] ?? '', {
      channel: answer.redisChannel,
      pattern: answer.echoPattern,
    });
    match.dataset['result'] = answer.matches ? 'ok' : 'bad';
    const echo = this.#part('echo-heard');
    echo.textContent = answer.echo.received
      ? fill(this.#strings['echoHeard'] ?? '', { ms: answer.echo.ms })
      : fill(this.#strings['echoDeaf'] ?? '', { ms: answer.echo.waitedMs });
    echo.dataset['result'] = answer.echo.received ? 'ok' : 'bad';
    // The echo server never got it, so this page cannot: say so instead of waiting forever.
    if (!answer.echo.received && this.#pending && !this.#pending.arrived) {
      this.#pending = undefined;
      const arrival = this.#part('arrival');
      arrival.textContent = this.#strings['nothing'] ?? '';
      arrival.dataset['result'] = 'bad';
    }
  }

  #arrived(channel: string, event: string): void {
    const pending = this.#pending;
    if (pending === undefined || pending.channel !== channel || pending.event !== event) return;
    pending.arrived = true;
    const arrival = this.#part('arrival');
    arrival.textContent = fill(this.#strings['arrived'] ?? '', {
      event,
      channel,
      ms: Math.round(performance.now() - pending.sentAt),
    });
    arrival.dataset['result'] = 'ok';
  }

  #onFrame(frame: Frame): void {
    this.#frames?.add({
      tag: frame.direction === 'out' ? '→' : '←',
      text: trimForLog(frame.text),
      kind: frame.direction,
    });
  }

  #showState(): void {
    const state = this.dataset['state'] ?? 'offline';
    this.#part('state').textContent = this.#strings[`state_${state}`] ?? state;
    this.#part<HTMLButtonElement>('send').disabled = state !== 'live';
  }
}
