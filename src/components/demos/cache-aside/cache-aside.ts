/**
 * The ch2-cache demo's custom element, `<cache-aside-demo>`: reads `rooms:popular` through a
 * Redis cache in front of a deliberately slow "database" and shows, for every request, hit or
 * miss and the measured times (server steps and the browser's round trip), the entry's TTL
 * counting down, and the Redis commands with their RESP replies.
 */
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { LogPanel } from '../../../lib/demo/log-panel.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import {
  parseCacheRead,
  parseSteps,
  redisMs,
  secondsLeft,
  type CacheRead,
  type CacheStep,
} from './cache-aside-model.ts';

const errorOf = (body: unknown): string =>
  typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
    ? body.error
    : '';

/** `<cache-aside-demo>`. */
export class CacheAsideDemo extends DemoElement {
  protected override needs = ['redis'] as const;
  #strings: DemoStrings = {};
  #inspector: LogPanel | undefined;
  #count = 0;
  #ttl: { value: number; readAt: number } | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  #part<T extends Element = HTMLElement>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch2-cache: missing [data-role="${role}"]`);
    return element;
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#inspector = new LogPanel(this.#part<HTMLOListElement>('inspector'), 300);
    this.#part('read').addEventListener('click', () => void this.#read());
    this.#part('forget').addEventListener('click', () => void this.#forget());
    this.addEventListener('demo-state', () => this.#showState());
    super.connectedCallback();
    this.#showState();
  }

  protected start(): void {
    // Nothing to open: every read is one HTTP request. Live means the backend said Redis is up.
    this.setState('live');
    this.#timer = setInterval(() => this.#showTtl(), 250);
  }

  protected stop(): void {
    clearInterval(this.#timer);
  }

  async #post(path: string, body: unknown): Promise<{ status: number; body: unknown; ms: number }> {
    const started = performance.now();
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const parsed: unknown = await response.json();
    return { status: response.status, body: parsed, ms: Math.round(performance.now() - started) };
  }

  async #read(): Promise<void> {
    const ttl = Number(this.#part<HTMLSelectElement>('ttl').value);
    const button = this.#part<HTMLButtonElement>('read');
    const latest = this.#part('latest');
    button.disabled = true;
    latest.dataset['outcome'] = 'pending';
    latest.textContent = this.#strings['asking'] ?? '';
    try {
      const answer = await this.#post('/demos/cache/read', { ttl });
      const read = answer.status === 200 ? parseCacheRead(answer.body) : undefined;
      if (read === undefined) {
        latest.dataset['outcome'] = 'error';
        latest.textContent = errorOf(answer.body) || `HTTP ${answer.status}`;
        return;
      }
      this.#show(read, answer.ms);
    } catch {
      latest.dataset['outcome'] = 'error';
      latest.textContent = this.#strings['unreachable'] ?? '';
      this.setState('offline', this.#strings['unreachable'] ?? '');
      setTimeout(() => this.restart(), 3000);
    } finally {
      button.disabled = this.dataset['state'] !== 'live';
    }
  }

  async #forget(): Promise<void> {
    try {
      const answer = await this.#post('/demos/cache/forget', {});
      this.#log(parseSteps(answer.body));
      this.#ttl = { value: -2, readAt: performance.now() };
      this.#showTtl();
    } catch {
      this.#part('latest').textContent = this.#strings['unreachable'] ?? '';
    }
  }

  #show(read: CacheRead, roundTripMs: number): void {
    this.#count += 1;
    const hit = read.outcome === 'hit';
    const latest = this.#part('latest');
    latest.dataset['outcome'] = read.outcome;
    latest.textContent = fill(this.#strings[hit ? 'hit' : 'miss'] ?? '', {
      total: read.totalMs,
      db: read.dbMs ?? 0,
      redis: redisMs(read),
      trip: roundTripMs,
    });
    const row = document.createElement('tr');
    const cells = [
      String(this.#count),
      this.#strings[hit ? 'hitShort' : 'missShort'] ?? read.outcome,
      `${read.totalMs} ms`,
      read.dbMs === null ? (this.#strings['notCalled'] ?? '—') : `${read.dbMs} ms`,
      `${roundTripMs} ms`,
    ];
    for (const text of cells) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    row.dataset['outcome'] = read.outcome;
    const body = this.#part<HTMLTableSectionElement>('rows');
    body.prepend(row);
    while (body.children.length > 20) body.lastElementChild?.remove();
    this.#part('table').hidden = false;

    const data = this.#part<HTMLOListElement>('data');
    data.replaceChildren(
      ...read.value.rows.map((room) => {
        const item = document.createElement('li');
        item.textContent = fill(this.#strings['room'] ?? '', {
          name: room.name,
          online: room.online,
        });
        return item;
      }),
    );
    this.#part('queried').textContent = fill(this.#strings['queriedAt'] ?? '', {
      time: new Date(read.value.queriedAt).toLocaleTimeString(this.pageLang),
      queries: read.queries,
    });
    this.#ttl = { value: read.ttl, readAt: performance.now() };
    this.#showTtl();
    this.#log(read.steps);
  }

  #log(steps: readonly CacheStep[]): void {
    for (const step of steps) {
      this.#inspector?.add({ tag: '→', text: step.command, kind: 'out' });
      this.#inspector?.add({ tag: `← ${step.ms} ms`, text: step.reply, kind: 'in' });
    }
  }

  #showTtl(): void {
    const element = this.#part('ttl-left');
    if (this.#ttl === undefined) return;
    const left = secondsLeft(this.#ttl.value, performance.now() - this.#ttl.readAt);
    const key = left === -2 ? 'ttlNone' : left === 0 ? 'ttlExpired' : 'ttlLeft';
    const text = fill(this.#strings[key] ?? '', { seconds: left });
    if (element.textContent !== text) element.textContent = text;
  }

  #showState(): void {
    const state = this.dataset['state'] ?? 'offline';
    this.#part('state').textContent = this.#strings[`state_${state}`] ?? state;
    for (const role of ['read', 'forget']) {
      this.#part<HTMLButtonElement>(role).disabled = state !== 'live';
    }
  }
}
