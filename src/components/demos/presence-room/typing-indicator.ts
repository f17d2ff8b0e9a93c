/**
 * The "… is typing" line of the presence room: each `typing` whisper shows its sender for
 * {@link TYPING_SHOWN_MS}, renewed by the next one; a message or a departure ends it at once.
 * Names are untrusted whisper data and reach the page through `textContent` only.
 */
import { TYPING_SHOWN_MS } from './presence-room-model.ts';

export class TypingIndicator {
  readonly #element: HTMLElement;
  readonly #format: (names: string) => string;
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Renders into `element`; `format` turns "A, B" into the sentence shown. */
  constructor(element: HTMLElement, format: (names: string) => string) {
    this.#element = element;
    this.#format = format;
  }

  /** `name` whispered `typing`. */
  show(name: string): void {
    clearTimeout(this.#timers.get(name));
    this.#timers.set(
      name,
      setTimeout(() => this.stop(name), TYPING_SHOWN_MS),
    );
    this.#render();
  }

  /** `name` sent a message or left. */
  stop(name: string): void {
    clearTimeout(this.#timers.get(name));
    this.#timers.delete(name);
    this.#render();
  }

  /** Forgets everyone (the reader left the room). */
  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#render();
  }

  #render(): void {
    const names = [...this.#timers.keys()];
    this.#element.textContent = names.length === 0 ? '' : this.#format(names.join(', '));
  }
}
