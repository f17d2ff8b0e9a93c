/**
 * The custom element of ch3-config: reads the running configuration from the demo service,
 * fills the key-by-key table (textContent only) and the inspector with the exact answer.
 */
import { z } from 'zod';
import { DemoElement, type DemoState } from '../../../lib/demo/demo-element.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { configRows, type ConfigRow } from './config-rows.ts';

const PATH = '/demos/echo-config/config';
const RETRY_MS = 4000;

const answerSchema = z.object({
  config: z.record(z.string(), z.unknown()),
  defaults: z.record(z.string(), z.unknown()),
  masked: z.array(z.string()),
});
const keysSchema = z.record(
  z.string(),
  z.object({ origin: z.enum(['les', 'ours']), text: z.string() }),
);

export class ConfigDemo extends DemoElement {
  #t: DemoStrings = {};
  #keys: z.infer<typeof keysSchema> = {};
  #rows: ConfigRow[] = [];
  #retry: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | undefined;

  override connectedCallback(): void {
    this.#t = readStrings(this);
    const keys = keysSchema.safeParse(
      JSON.parse(this.querySelector('script[data-role="keys"]')?.textContent ?? '{}'),
    );
    this.#keys = keys.success ? keys.data : {};
    this.#part('reload').addEventListener('click', () => void this.#load());
    this.#part('changed-only').addEventListener('change', () => this.#render());
    this.addEventListener('demo-state', (event) => {
      const state = (event as CustomEvent<{ state: DemoState }>).detail.state;
      const names: Record<DemoState, string> = {
        offline: 'stateOffline',
        connecting: 'stateConnecting',
        live: 'stateLive',
        error: 'stateError',
      };
      this.#part('state').textContent = this.#t[names[state]] ?? state;
    });
    super.connectedCallback();
  }

  protected start(): Promise<void> {
    return this.#load();
  }

  protected stop(): void {
    clearTimeout(this.#retry);
    this.#abort?.abort();
  }

  #part<T extends HTMLElement = HTMLElement>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch3-config: missing [data-role="${role}"]`);
    return element;
  }

  async #load(): Promise<void> {
    clearTimeout(this.#retry);
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.setState('connecting');
    try {
      const response = await fetch(PATH, { cache: 'no-store', signal: abort.signal });
      const text = await response.text();
      this.#part('request').textContent = `GET ${PATH}\nAccept: application/json`;
      this.#part('answer').textContent = `HTTP ${response.status}\n\n${pretty(text)}`;
      const answer = answerSchema.parse(JSON.parse(text));
      this.#rows = configRows(answer.config, answer.defaults, answer.masked);
      this.#part('file').textContent = JSON.stringify(answer.config, null, 2);
      this.#part('summary').textContent = fill(this.#t['loaded'] ?? '', {
        count: this.#rows.length,
        changed: this.#rows.filter((row) => row.changed).length,
        masked: answer.masked.length,
      });
      this.#render();
      this.setState('live');
    } catch (error) {
      if (abort.signal.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      this.#part('summary').textContent = fill(this.#t['failed'] ?? '', { reason });
      this.setState('offline', reason);
      this.#retry = setTimeout(() => void this.#load(), RETRY_MS);
    }
  }

  #render(): void {
    const changedOnly = this.#part<HTMLInputElement>('changed-only').checked;
    const body = this.#part('rows');
    body.replaceChildren(
      ...this.#rows.filter((row) => !changedOnly || row.changed).map((row) => this.#row(row)),
    );
  }

  #row(row: ConfigRow): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset['path'] = row.path;
    tr.dataset['changed'] = String(row.changed);
    const info = this.#keys[row.path];
    const key = document.createElement('th');
    key.scope = 'row';
    key.append(code(row.path));
    if (info) {
      const origin = document.createElement('span');
      origin.className = 'origin';
      origin.textContent = this.#t[info.origin === 'les' ? 'originLes' : 'originOurs'] ?? '';
      key.append(origin);
    }
    const value = document.createElement('td');
    value.className = 'value';
    value.append(code(row.value));
    if (row.masked) value.append(` ${this.#t['maskedNote'] ?? ''}`);
    const fallback = document.createElement('td');
    fallback.append(
      row.defaultValue === undefined ? (this.#t['noDefault'] ?? '') : code(row.defaultValue),
    );
    const meaning = document.createElement('td');
    meaning.textContent = info?.text ?? this.#t['unknownKey'] ?? '';
    tr.append(key, value, fallback, meaning);
    return tr;
  }
}

function code(text: string): HTMLElement {
  const element = document.createElement('code');
  element.textContent = text;
  return element;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
