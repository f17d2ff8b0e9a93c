/**
 * The custom element of ch3-dashboard: polls the demo service's snapshot of the echo server's
 * HTTP API every two seconds while the demo runs, and draws it with textContent only (channel
 * names, member names and event data come from other visitors).
 */
import { DemoElement, type DemoState } from '../../../lib/demo/demo-element.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { dashboardView, snapshotSchema, type Exchange, type Snapshot } from './dashboard-model.ts';

const SNAPSHOT_PATH = '/demos/echo-dashboard/snapshot';
const POLL_MS = 2000;

export class DashboardDemo extends DemoElement {
  protected override needs = ['redis', 'echo'] as const;
  #t: DemoStrings = {};
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #inFlight = false;

  override connectedCallback(): void {
    this.#t = readStrings(this);
    this.#part('refresh').addEventListener('click', () => void this.#poll());
    this.addEventListener('demo-state', (event) => {
      const state = (event as CustomEvent<{ state: DemoState }>).detail.state;
      const key = `state${state[0]?.toUpperCase() ?? ''}${state.slice(1)}`;
      this.#part('state').textContent = this.#t[key] ?? state;
    });
    super.connectedCallback();
  }

  protected start(): Promise<void> {
    this.#running = true;
    return this.#poll();
  }

  protected stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  async #poll(): Promise<void> {
    if (this.#inFlight) return;
    this.#inFlight = true;
    clearTimeout(this.#timer);
    try {
      const response = await fetch(SNAPSHOT_PATH, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const snapshot = snapshotSchema.parse(await response.json());
      if (this.#running) {
        this.#render(snapshot);
        this.setState('live');
      }
    } catch (error) {
      // A restarting server: keep polling, the next answer brings the demo back.
      const reason = error instanceof Error ? error.message : String(error);
      this.#part('summary').textContent = fill(this.#t['failed'] ?? '', { reason });
      if (this.#running) this.setState('connecting', reason);
    } finally {
      this.#inFlight = false;
      if (this.#running) this.#timer = setTimeout(() => void this.#poll(), POLL_MS);
    }
  }

  #render(snapshot: Snapshot): void {
    const view = dashboardView(snapshot);
    const figure = (key: string, value: number | undefined): void => {
      const element = this.querySelector(`[data-figure="${key}"]`);
      if (element) element.textContent = value === undefined ? '–' : String(value);
    };
    figure('connections', view.connections);
    figure('channels', view.rows.length);
    figure('uptime', view.uptime);
    figure('memory', view.memoryMb);
    this.#part('summary').textContent = fill(this.#t['updated'] ?? '', {
      time: new Date(snapshot.takenAt).toLocaleTimeString(this.pageLang),
      calls: snapshot.calls.length,
    });

    const rows = view.rows.map((row) => {
      const tr = document.createElement('tr');
      tr.dataset['channel'] = row.name;
      const name = document.createElement('th');
      name.scope = 'row';
      name.append(code(row.name));
      const typeKey = `type${row.type[0]?.toUpperCase() ?? ''}${row.type.slice(1)}`;
      tr.append(
        name,
        cell(this.#t[typeKey] ?? row.type),
        cell(String(row.subscriptions)),
        cell(row.members?.join(', ') ?? ''),
      );
      return tr;
    });
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      const td = cell(this.#t['noChannels'] ?? '');
      td.colSpan = 4;
      tr.append(td);
      rows.push(tr);
    }
    this.#part('rows').replaceChildren(...rows);

    const recent = snapshot.recent.map((event) => {
      const li = document.createElement('li');
      const tag = document.createElement('span');
      tag.className = 'log-tag';
      tag.textContent = `${new Date(event.at).toLocaleTimeString(this.pageLang)} ${event.source}`;
      li.append(
        tag,
        ` ${event.channel} · ${event.event} `,
        event.data ?? this.#t['withheld'] ?? '',
      );
      return li;
    });
    if (recent.length === 0) {
      const li = document.createElement('li');
      li.textContent = this.#t['recentEmpty'] ?? '';
      recent.push(li);
    }
    this.#part('recent').replaceChildren(...recent);
    this.#part('calls').replaceChildren(...snapshot.calls.map((call) => callView(call)));
  }

  #part<T extends HTMLElement = HTMLElement>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch3-dashboard: missing [data-role="${role}"]`);
    return element;
  }
}

function code(text: string): HTMLElement {
  const element = document.createElement('code');
  element.textContent = text;
  return element;
}

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function callView(call: Exchange): HTMLElement {
  const pre = document.createElement('pre');
  const headers = Object.entries(call.request.headers).map(([name, value]) => `${name}: ${value}`);
  let body = call.response.body;
  try {
    body = JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    // Not JSON: shown as it came.
  }
  pre.textContent = [
    `${call.request.method} ${call.request.url} HTTP/1.1`,
    ...headers,
    '',
    `HTTP/1.1 ${call.response.status} · ${call.ms.toFixed(1)} ms`,
    body,
  ].join('\n');
  return pre;
}
