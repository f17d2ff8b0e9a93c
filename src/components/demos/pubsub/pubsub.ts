/**
 * The ch2-pubsub demo's custom element, `<pubsub-demo>`: three subscriber panes, each a real
 * Redis connection on the server (SUBSCRIBE or PSUBSCRIBE), fed to the page over one event
 * stream, and a publisher whose PUBLISH shows the receiver count Redis answered. Another tab
 * of the same reader adds subscribers to the same channels.
 */
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { LogPanel } from '../../../lib/demo/log-panel.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import {
  DEFAULT_PANES,
  paneCommand,
  parsePaneMessage,
  parseReady,
  parseSteps,
  type PaneMode,
  type PaneSetting,
  type SentCommand,
} from './pubsub-model.ts';

const errorOf = (body: unknown): string =>
  typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
    ? body.error
    : '';

/** `<pubsub-demo>`. */
export class PubSubDemo extends DemoElement {
  protected override needs = ['redis'] as const;
  #strings: DemoStrings = {};
  #source: EventSource | undefined;
  #session = '';
  #inspector: LogPanel | undefined;
  #panes: LogPanel[] = [];
  /** Panes that received something since the last publish. */
  #hits = new Set<number>();

  #part<T extends Element>(role: string, root: ParentNode = this): T {
    const element = root.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch2-pubsub: missing [data-role="${role}"]`);
    return element;
  }

  #paneRoots(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>('[data-pane]')];
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#inspector = new LogPanel(this.#part<HTMLOListElement>('inspector'), 300);
    this.#panes = this.#paneRoots().map(
      (root) => new LogPanel(this.#part<HTMLOListElement>('messages', root), 50),
    );
    this.#paneRoots().forEach((root, index) => {
      const setting = DEFAULT_PANES[index];
      if (setting) {
        this.#part<HTMLSelectElement>('mode', root).value = setting.mode;
        this.#part<HTMLInputElement>('target', root).value = setting.target;
      }
      this.#part<HTMLFormElement>('pane-form', root).addEventListener('submit', (event) => {
        event.preventDefault();
        void this.#apply(index);
      });
    });
    this.#part<HTMLFormElement>('publish-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#publish();
    });
    this.addEventListener('demo-state', () => this.#showState());
    super.connectedCallback();
    this.#showState();
  }

  protected start(): void {
    const source = new EventSource('/demos/pubsub/stream');
    this.#source = source;
    source.addEventListener('ready', (event) => {
      const ready = parseReady(event.data as string);
      if (ready === undefined) return;
      this.#session = ready.session;
      this.#part('namespace').textContent = ready.namespace;
      // A new stream (first, or after a restart) has fresh connections: subscribe them again.
      void Promise.all(this.#paneRoots().map((_root, index) => this.#apply(index))).then(() =>
        this.setState('live'),
      );
    });
    source.addEventListener('message', (event) => {
      const message = parsePaneMessage(event.data as string);
      if (message !== undefined) this.#received(message);
    });
    source.addEventListener('closed', () => {
      // The server let a newer page of this reader take over: stay closed, say why.
      source.close();
      this.#session = '';
      this.setState('offline', this.#strings['tooManyPages'] ?? '');
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) return;
      // EventSource reconnects by itself; until a new `ready`, the panes hear nothing.
      this.#session = '';
      this.setState('offline', this.#strings['reconnecting'] ?? '');
    });
  }

  protected stop(): void {
    this.#source?.close();
    this.#source = undefined;
    this.#session = '';
  }

  #setting(index: number): PaneSetting {
    const root = this.#paneRoots()[index];
    if (root === undefined) return { mode: 'none', target: '' };
    const mode = this.#part<HTMLSelectElement>('mode', root).value as PaneMode;
    const target = this.#part<HTMLInputElement>('target', root).value.trim();
    return { mode, target };
  }

  async #apply(index: number): Promise<void> {
    const root = this.#paneRoots()[index];
    if (root === undefined || this.#session === '') return;
    const setting = this.#setting(index);
    const status = this.#part('pane-status', root);
    const body = await this.#post('/demos/pubsub/listen', {
      session: this.#session,
      pane: index,
      mode: setting.mode,
      target: setting.mode === 'none' ? '' : setting.target,
    });
    if (body.ok) {
      this.#log(parseSteps(body.value), this.#paneName(index));
      root.dataset['mode'] = setting.mode;
      status.textContent =
        setting.mode === 'none'
          ? (this.#strings['notListening'] ?? '')
          : fill(this.#strings['listening'] ?? '', { command: paneCommand(setting) });
    } else {
      status.textContent = body.error;
    }
  }

  async #publish(): Promise<void> {
    const channel = this.#part<HTMLInputElement>('channel').value.trim();
    const message = this.#part<HTMLInputElement>('message').value;
    const result = this.#part('publish-result');
    this.#hits.clear();
    for (const root of this.#paneRoots()) delete root.dataset['hit'];
    await this.ensureStarted();
    const body = await this.#post('/demos/pubsub/publish', { channel, message });
    if (!body.ok) {
      result.textContent = body.error;
      return;
    }
    this.#log(parseSteps(body.value), this.#strings['publisher'] ?? '');
    const receivers =
      typeof body.value === 'object' && body.value !== null && 'receivers' in body.value
        ? Number(body.value.receivers)
        : 0;
    result.textContent = fill(this.#strings['published'] ?? '', { channel, receivers });
  }

  #received(message: PaneMessage): void {
    const root = this.#paneRoots()[message.pane];
    const panel = this.#panes[message.pane];
    if (root === undefined || panel === undefined) return;
    this.#hits.add(message.pane);
    root.dataset['hit'] = 'true';
    const via = message.pattern === undefined ? '' : ` (${message.pattern})`;
    panel.add({ tag: `${message.channel}${via}`, text: message.message, kind: 'in' });
    this.#inspector?.add({
      tag: `← ${this.#paneName(message.pane)}`,
      text: message.resp,
      kind: 'in',
    });
  }

  #log(commands: readonly SentCommand[], who: string): void {
    for (const command of commands) {
      this.#inspector?.add({ tag: `→ ${who}`, text: command.command, kind: 'out' });
      this.#inspector?.add({
        tag: this.#strings['wireIn'] ?? '',
        text: command.reply,
        kind: 'wire',
      });
    }
  }

  #paneName(index: number): string {
    return this.#paneRoots()[index]?.dataset['name'] ?? String(index + 1);
  }

  async #post(
    path: string,
    payload: unknown,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
    try {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      const value: unknown = await response.json();
      if (!response.ok) return { ok: false, error: errorOf(value) || `HTTP ${response.status}` };
      return { ok: true, value };
    } catch {
      return { ok: false, error: this.#strings['unreachable'] ?? '' };
    }
  }

  #showState(): void {
    const state = this.dataset['state'] ?? 'offline';
    const label = this.#strings[`state_${state}`] ?? state;
    const reason = this.dataset['reason'];
    this.#part('state').textContent = reason ? `${label}: ${reason}` : label;
    for (const button of this.querySelectorAll<HTMLButtonElement>('button')) {
      button.disabled = state !== 'live';
    }
  }
}

type PaneMessage = NonNullable<ReturnType<typeof parsePaneMessage>>;
