/**
 * The base of every live demo's custom element: the demo contract of DESIGN.md in one place.
 *
 * - The element is the demo's root: it carries `data-demo` (set in the markup) and keeps
 *   `data-state` true at all times: `offline | connecting | live | error`.
 * - It connects lazily, the first time it scrolls into view.
 * - It closes its connections on `pagehide` and opens them again on `pageshow` (back/forward cache).
 * - When the backend says a part the demo needs is down (`/health`), it shows `offline` and
 *   checks again until the part is back, then starts by itself.
 *
 * A demo implements {@link DemoElement.start} (open sockets, wire the UI; report `live` /
 * `connecting` / `error` through {@link DemoElement.setState}) and {@link DemoElement.stop}.
 */
import { backendStatus, type BackendPart } from './backend-status.ts';

/** The states of the demo contract. */
export type DemoState = 'offline' | 'connecting' | 'live' | 'error';

/** How often an offline demo asks the backend again. */
const RETRY_MS = 4000;

export abstract class DemoElement extends HTMLElement {
  /** The backend parts this demo needs (e.g. `['redis']`); checked before it starts. */
  protected needs: readonly BackendPart[] = [];

  #started = false;
  #visible = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #observer: IntersectionObserver | undefined;
  #generation = 0;

  /** The page's language, from the closest `lang` attribute. */
  protected get pageLang(): 'zh-TW' | 'en' {
    return (this.closest('[lang]')?.getAttribute('lang') ?? 'zh-TW').startsWith('en')
      ? 'en'
      : 'zh-TW';
  }

  /** Opens the demo's connections. Called once visible, again after `pageshow` or a recovery. */
  protected abstract start(): void | Promise<void>;

  /** Closes every connection and timer the demo opened. */
  protected abstract stop(): void;

  /** Sets `data-state` and tells the page (`demo-state` event) for tests and status badges. */
  protected setState(state: DemoState, reason = ''): void {
    if (this.dataset['state'] === state && (this.dataset['reason'] ?? '') === reason) return;
    this.dataset['state'] = state;
    if (reason) this.dataset['reason'] = reason;
    else delete this.dataset['reason'];
    this.dispatchEvent(new CustomEvent('demo-state', { detail: { state, reason } }));
  }

  connectedCallback(): void {
    if (!this.dataset['state']) this.setState('offline');
    window.addEventListener('pagehide', this.#onPageHide);
    window.addEventListener('pageshow', this.#onPageShow);
    this.#observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        this.#visible = true;
        this.#observer?.disconnect();
        void this.#boot();
      }
    });
    this.#observer.observe(this);
  }

  disconnectedCallback(): void {
    window.removeEventListener('pagehide', this.#onPageHide);
    window.removeEventListener('pageshow', this.#onPageShow);
    this.#observer?.disconnect();
    this.#halt();
  }

  /** Starts now, whether visible or not (a click on a "run in console" link, for example). */
  protected async ensureStarted(): Promise<void> {
    this.#visible = true;
    await this.#boot();
  }

  /** Stops and starts again, e.g. when the reader switches a demo option. */
  protected restart(): void {
    this.#halt();
    void this.#boot();
  }

  async #boot(): Promise<void> {
    if (this.#started || !this.#visible) return;
    const generation = ++this.#generation;
    this.setState('connecting');
    const status = await backendStatus(this.needs);
    if (generation !== this.#generation) return;
    if (!status.ok) {
      this.setState('offline', status.reason);
      this.#retry = setTimeout(() => void this.#boot(), RETRY_MS);
      return;
    }
    this.#started = true;
    try {
      await this.start();
    } catch (error) {
      this.setState('error', error instanceof Error ? error.message : String(error));
    }
  }

  #halt(): void {
    this.#generation++;
    clearTimeout(this.#retry);
    if (this.#started) {
      this.#started = false;
      this.stop();
    }
    this.setState('offline');
  }

  #onPageHide = (): void => this.#halt();

  #onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) void this.#boot();
  };
}
