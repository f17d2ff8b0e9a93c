/**
 * The `ch1-polling-vs-websocket` demo's custom element. One feed per page, made by the server;
 * the left side fetches it every N ms, the right side has it pushed over a WebSocket. The bytes
 * are counted by the server (headers included) and arrive on a separate stats stream; the delays
 * are measured here, against the server's clock.
 */
import type { FeedUpdate, SideStats } from '../../../../server/demos/polling/feed-session.ts';
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { randomToken } from '../../../lib/demo/random-token.ts';
import { RunningStats, formatBytes, formatMs } from '../../../lib/demo/wire-bytes.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import {
  bytesPerUpdate,
  clockOffset,
  parseStats,
  parseUpdate,
  parseUpdates,
  updateDelay,
  type ClockSample,
} from './polling-model.ts';

const BASE = '/demos/polling';
type Side = 'polling' | 'websocket';

/** `<polling-vs-websocket-demo>`. */
export class PollingVsWebsocketDemo extends DemoElement {
  #strings: DemoStrings = {};
  #token = '';
  #offset = 0;
  #events: EventSource | undefined;
  #socket: WebSocket | undefined;
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  #poll: AbortController | undefined;
  #after = 0;
  #stopped = true;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  readonly #delays: Record<Side, RunningStats> = {
    polling: new RunningStats(),
    websocket: new RunningStats(),
  };

  #part<T extends Element>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null)
      throw new Error(`ch1-polling-vs-websocket: missing [data-role="${role}"]`);
    return element;
  }

  #cell(side: Side, name: string): HTMLElement | null {
    return this.querySelector<HTMLElement>(`[data-cell="${side}-${name}"]`);
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#part<HTMLSelectElement>('rate').addEventListener('change', () => void this.#setRate());
    this.addEventListener('demo-state', () => this.#showState());
    this.#showState();
    super.connectedCallback();
  }

  protected override async start(): Promise<void> {
    this.#stopped = false;
    this.#token = randomToken();
    this.#after = 0;
    for (const side of ['polling', 'websocket'] as const) this.#delays[side].reset();
    this.#offset = await this.#syncClock();
    if (this.#stopped) return;
    const events = new EventSource(`${BASE}/stats?feed=${this.#token}`);
    this.#events = events;
    events.addEventListener(
      'open',
      () => {
        void this.#setRate();
        this.#openSocket();
        this.#schedulePoll(0);
      },
      { once: true },
    );
    events.addEventListener('error', () => {
      if (this.#events === events && !this.#stopped) this.#fail('stats stream lost');
    });
    events.addEventListener('stats', (event) => this.#showStats(event.data as string));
  }

  protected override stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
    clearTimeout(this.#pollTimer);
    this.#poll?.abort();
    this.#events?.close();
    this.#events = undefined;
    this.#socket?.close(1000, 'page hidden');
    this.#socket = undefined;
  }

  /** Something broke (e.g. the server restarted): start over, waiting longer each time. */
  #fail(reason: string): void {
    this.stop();
    this.setState('connecting', reason);
    const delay = Math.min(30_000, 1000 * 2 ** this.#failures);
    this.#failures += 1;
    this.#retry = setTimeout(() => this.restart(), delay);
  }

  async #syncClock(): Promise<number> {
    const samples: ClockSample[] = [];
    for (let i = 0; i < 3; i += 1) {
      const sent = performance.timeOrigin + performance.now();
      const answer = await fetch(`${BASE}/clock`, { cache: 'no-store' }).catch(() => undefined);
      const received = performance.timeOrigin + performance.now();
      const body: unknown = await answer?.json().catch(() => undefined);
      if (
        typeof body === 'object' &&
        body !== null &&
        'now' in body &&
        typeof body.now === 'number'
      )
        samples.push({ sent, received, server: body.now });
    }
    return clockOffset(samples);
  }

  #openSocket(): void {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(
      `${scheme}//${window.location.host}${BASE}/ws?feed=${this.#token}`,
    );
    this.#socket = socket;
    socket.addEventListener('open', () => {
      this.#failures = 0;
      this.setState('live');
    });
    socket.addEventListener('message', (event) => {
      const received = performance.timeOrigin + performance.now();
      let value: unknown;
      try {
        value = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const update = parseUpdate(value);
      if (update) this.#received('websocket', update, received);
    });
    socket.addEventListener('close', () => {
      if (this.#socket === socket && !this.#stopped) this.#fail('WebSocket closed');
    });
  }

  #interval(): number {
    const value = Number(this.#part<HTMLSelectElement>('interval').value);
    return Number.isFinite(value) && value >= 100 ? value : 1000;
  }

  #schedulePoll(delay: number): void {
    clearTimeout(this.#pollTimer);
    this.#pollTimer = setTimeout(() => void this.#pollOnce(), delay);
  }

  async #pollOnce(): Promise<void> {
    if (this.#stopped) return;
    const started = performance.now();
    const controller = new AbortController();
    this.#poll = controller;
    try {
      const answer = await fetch(`${BASE}/poll?feed=${this.#token}&after=${this.#after}`, {
        cache: 'no-store',
        signal: controller.signal,
      });
      const received = performance.timeOrigin + performance.now();
      if (answer.status === 404) {
        this.#fail('feed ended');
        return;
      }
      const updates = parseUpdates(await answer.json());
      for (const update of updates ?? []) this.#received('polling', update, received);
    } catch {
      if (this.#stopped) return;
    }
    // "Every N ms" from the start of one request to the start of the next.
    this.#schedulePoll(Math.max(0, this.#interval() - (performance.now() - started)));
  }

  #received(side: Side, update: FeedUpdate, received: number): void {
    if (side === 'polling') this.#after = Math.max(this.#after, update.seq);
    const delay = updateDelay(update, received, this.#offset);
    this.#delays[side].add(delay);
    const locale = this.pageLang;
    const latest = this.#cell(side, 'latest');
    if (latest)
      latest.textContent = fill(this.#strings['latest'] ?? '{seq}', {
        seq: update.seq,
        price: update.price.toFixed(2),
      });
    const mean = this.#cell(side, 'delay-mean');
    if (mean) mean.textContent = formatMs(this.#delays[side].mean, locale);
    const last = this.#cell(side, 'delay-last');
    if (last) last.textContent = formatMs(delay, locale);
    const count = this.#cell(side, 'received');
    if (count) count.textContent = String(this.#delays[side].count);
  }

  async #setRate(): Promise<void> {
    const perSecond = this.#part<HTMLSelectElement>('rate').value;
    if (this.#stopped) return;
    await fetch(`${BASE}/rate?feed=${this.#token}&perSecond=${encodeURIComponent(perSecond)}`, {
      method: 'POST',
    }).catch(() => undefined);
  }

  #showState(): void {
    const state = this.dataset['state'] ?? 'offline';
    this.#part('state').textContent = this.#strings[`state_${state}`] ?? state;
  }

  #showStats(data: string): void {
    const stats = parseStats(data);
    if (stats === undefined) return;
    const locale = this.pageLang;
    const show = (side: Side, counts: SideStats): void => {
      const values: Record<string, string> = {
        requests: counts.requests.toLocaleString(locale),
        empty: counts.empty.toLocaleString(locale),
        up: formatBytes(counts.up, locale),
        down: formatBytes(counts.down, locale),
        'per-update': Number.isNaN(bytesPerUpdate(counts))
          ? '—'
          : formatBytes(Math.round(bytesPerUpdate(counts)), locale),
      };
      for (const [name, value] of Object.entries(values)) {
        const cell = this.#cell(side, name);
        if (cell) cell.textContent = value;
      }
    };
    show('polling', stats.polling);
    show('websocket', stats.websocket);
    this.#part('rate-now').textContent = fill(this.#strings['rate_now'] ?? '{rate}', {
      rate: stats.rate,
    });
    if (stats.lastPoll) {
      this.#part('poll-request').textContent = stats.lastPoll.request;
      this.#part('poll-response').textContent = stats.lastPoll.response;
    }
    if (stats.lastFrame) {
      this.#part('ws-handshake').textContent = stats.lastFrame.handshake;
      this.#part('ws-frame').textContent = stats.lastFrame.frame;
    }
  }
}
