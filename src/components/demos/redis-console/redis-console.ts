/**
 * The ch2-console demo's custom element, `<redis-console-demo>`: a try.redis-style console on
 * the real Redis. Each line goes to `POST /demos/redis-console/run`; the reply is printed as
 * redis-cli prints it and the inspector lists every command the server sent to Redis (the
 * visitor's namespace included) with the RESP bytes of request and reply. Up/Down walk the
 * history; any `[data-console-run]` on the page (the example buttons, or code in the chapter
 * text) runs its command here.
 */
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { LogPanel } from '../../../lib/demo/log-panel.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { CommandHistory } from './command-history.ts';
import { errorText, parseConsoleAnswer, type ConsoleAnswer } from './console-answer.ts';

const RETRY_AFTER_FAILURE_MS = 3000;
/** Lines that may wait behind the running one. */
const MAX_WAITING = 5;

/** `<redis-console-demo>`. */
export class RedisConsoleDemo extends DemoElement {
  protected override needs = ['redis'] as const;
  #strings: DemoStrings = {};
  readonly #history = new CommandHistory();
  #inspector: LogPanel | undefined;
  #queue: Promise<void> = Promise.resolve();
  #waiting = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | undefined;

  #part<T extends Element>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch2-console: missing [data-role="${role}"]`);
    return element;
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#inspector = new LogPanel(this.#part<HTMLOListElement>('inspector'), 300);
    const form = this.#part<HTMLFormElement>('form');
    const input = this.#part<HTMLInputElement>('input');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const line = input.value;
      input.value = '';
      void this.run(line);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowUp') {
        event.preventDefault();
        input.value = this.#history.up(input.value);
      } else if (event.key === 'ArrowDown') {
        event.preventDefault();
        input.value = this.#history.down();
      }
    });
    document.addEventListener('click', this.#onRunClick);
    document.addEventListener('keydown', this.#onRunKey);
    this.addEventListener('demo-state', () => this.#showState());
    super.connectedCallback();
    this.#showState();
  }

  override disconnectedCallback(): void {
    document.removeEventListener('click', this.#onRunClick);
    document.removeEventListener('keydown', this.#onRunKey);
    super.disconnectedCallback();
  }

  protected async start(): Promise<void> {
    this.#abort = new AbortController();
    try {
      const response = await fetch('/demos/redis-console/session', {
        cache: 'no-store',
        signal: this.#abort.signal,
      });
      const body: unknown = await response.json();
      if (!response.ok) throw new Error(errorText(body) ?? `HTTP ${response.status}`);
      const namespace =
        typeof body === 'object' && body !== null && 'namespace' in body ? body.namespace : '';
      this.#part('namespace').textContent = typeof namespace === 'string' ? namespace : '';
      this.setState('live');
    } catch (error) {
      this.#failed(error);
    }
  }

  protected stop(): void {
    clearTimeout(this.#retry);
    this.#abort?.abort();
    this.#abort = undefined;
  }

  /**
   * Runs one line as if the reader had typed it. Lines clicked or typed while one is running
   * wait their turn (a few at most), so the transcript keeps the order they were given in.
   */
  run(line: string): Promise<void> {
    if (line.trim() === '' || this.#waiting >= MAX_WAITING) return Promise.resolve();
    this.#waiting += 1;
    this.#queue = this.#queue.then(async () => {
      this.#waiting -= 1;
      await this.#runNow(line);
    });
    return this.#queue;
  }

  async #runNow(line: string): Promise<void> {
    await this.ensureStarted();
    if (this.dataset['state'] !== 'live') {
      this.#print(this.#strings['notLive'] ?? '', 'error');
      return;
    }
    this.#history.push(line);
    this.#print(`redis> ${line}`, 'prompt');
    try {
      const response = await fetch('/demos/redis-console/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ line, lang: this.pageLang }),
        signal: this.#abort?.signal ?? null,
      });
      const body: unknown = await response.json();
      const answer = response.ok ? parseConsoleAnswer(body) : undefined;
      if (answer === undefined) {
        this.#print(errorText(body) ?? `HTTP ${response.status}`, 'error');
        if (response.status === 503) this.#failed(new Error(errorText(body) ?? 'Redis offline'));
      } else {
        this.#show(answer);
      }
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) {
        this.#print(this.#strings['unreachable'] ?? '', 'error');
        this.#failed(error);
      }
    }
  }

  #show(answer: ConsoleAnswer): void {
    if (answer.namespace) this.#part('namespace').textContent = answer.namespace;
    if (answer.kind === 'refused') {
      this.#print(
        `(${this.#strings['refused'] ?? 'refused'}) ${answer.lines.join('\n')}`,
        'refused',
      );
    } else if (answer.lines.length > 0) {
      const isError = answer.lines[0]?.startsWith('(error)') ?? false;
      this.#print(answer.lines.join('\n'), isError ? 'error' : 'reply');
    }
    if (answer.note) this.#print(answer.note, 'note');
    const inspector = this.#inspector;
    if (inspector === undefined) return;
    if (answer.steps.length === 0 && answer.kind !== 'empty') {
      inspector.add({ tag: '·', text: this.#strings['nothingSent'] ?? '', kind: 'note' });
    }
    for (const step of answer.steps) {
      const kind = step.housekeeping ? 'housekeeping' : 'out';
      const tag = step.housekeeping ? (this.#strings['check'] ?? '') : '→';
      inspector.add({ tag, text: step.command, kind });
      inspector.add({ tag: this.#strings['wireOut'] ?? '', text: step.request, kind: 'wire' });
      inspector.add({ tag: this.#strings['wireIn'] ?? '', text: step.reply, kind: 'in' });
    }
  }

  #print(text: string, kind: 'prompt' | 'reply' | 'error' | 'refused' | 'note'): void {
    const transcript = this.#part<HTMLOListElement>('transcript');
    const item = document.createElement('li');
    item.dataset['kind'] = kind;
    item.textContent = text;
    transcript.append(item);
    while (transcript.children.length > 200) transcript.firstElementChild?.remove();
    const screen = transcript.parentElement;
    if (screen) screen.scrollTop = screen.scrollHeight;
  }

  /** Shows why, goes offline, and tries again shortly (the server may be restarting). */
  #failed(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.setState('offline', reason);
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => this.restart(), RETRY_AFTER_FAILURE_MS);
  }

  #showState(): void {
    const state = this.dataset['state'] ?? 'offline';
    const label = this.#strings[`state_${state}`] ?? state;
    const reason = this.dataset['reason'];
    this.#part('state').textContent = reason
      ? fill(this.#strings['stateReason'] ?? '{state}', { state: label, reason })
      : label;
    const live = state === 'live';
    this.#part<HTMLButtonElement>('submit').disabled = !live;
  }

  /** Enter on a focusable `[data-console-run]` that is not a button (a `<code>` in the text). */
  #onRunKey = (event: KeyboardEvent): void => {
    const target = event.target instanceof Element ? event.target : null;
    if (event.key !== 'Enter' || target === null || target instanceof HTMLButtonElement) return;
    if (target.hasAttribute('data-console-run')) this.#onRunClick(event);
  };

  #onRunClick = (event: MouseEvent | KeyboardEvent): void => {
    const target =
      event.target instanceof Element ? event.target.closest('[data-console-run]') : null;
    if (target === null) return;
    // With several consoles on a page, the nearest one (or the first) answers.
    const owner =
      target.closest('redis-console-demo') ?? document.querySelector('redis-console-demo');
    if (owner !== this) return;
    event.preventDefault();
    const line = target.getAttribute('data-console-run') ?? '';
    if (!this.contains(target)) this.scrollIntoView({ behavior: 'smooth', block: 'center' });
    void this.run(line);
  };
}
