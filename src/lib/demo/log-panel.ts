/**
 * A log panel for demos and their protocol inspectors: appends lines to a list with
 * `textContent` only (untrusted text never becomes markup), keeps the newest `limit` entries and
 * follows the bottom while the reader has not scrolled up.
 */

/** One line of a log: a short tag (direction, packet type) and the text. */
export interface LogEntry {
  readonly tag: string;
  readonly text: string;
  /** An extra class for styling, e.g. `in`, `out`, `error`. */
  readonly kind?: string;
}

export class LogPanel {
  readonly #list: HTMLOListElement | HTMLUListElement;
  readonly #limit: number;

  constructor(list: HTMLOListElement | HTMLUListElement, limit = 200) {
    this.#list = list;
    this.#limit = limit;
  }

  /** Appends one entry and returns its element. */
  add(entry: LogEntry): HTMLLIElement {
    const scroller = this.#list.parentElement ?? this.#list;
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 24;
    const item = document.createElement('li');
    if (entry.kind) item.dataset['kind'] = entry.kind;
    const tag = document.createElement('span');
    tag.className = 'log-tag';
    tag.textContent = entry.tag;
    const text = document.createElement('span');
    text.className = 'log-text';
    text.textContent = entry.text;
    item.append(tag, ' ', text);
    this.#list.append(item);
    while (this.#list.children.length > this.#limit) this.#list.firstElementChild?.remove();
    if (atBottom) scroller.scrollTop = scroller.scrollHeight;
    return item;
  }

  /** Removes every entry. */
  clear(): void {
    this.#list.replaceChildren();
  }

  /** How many entries are shown. */
  get size(): number {
    return this.#list.children.length;
  }
}

/** Shortens long text for a log line, saying how much was left out. */
export function trimForLog(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (+${text.length - max} chars)`;
}
