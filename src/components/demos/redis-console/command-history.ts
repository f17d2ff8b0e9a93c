/**
 * The console's command history, as a shell keeps it: Up walks back through earlier lines,
 * Down walks forward and finally returns what the reader had started typing.
 */

/** History of typed lines, newest last, with a cursor for Up/Down. */
export class CommandHistory {
  readonly #lines: string[] = [];
  readonly #limit: number;
  #cursor = 0;
  #draft = '';

  constructor(limit = 100) {
    this.#limit = limit;
  }

  /** Records a line that was run (blank lines and repeats of the last line are skipped). */
  push(line: string): void {
    const trimmed = line.trim();
    if (trimmed !== '' && this.#lines.at(-1) !== trimmed) this.#lines.push(trimmed);
    while (this.#lines.length > this.#limit) this.#lines.shift();
    this.#cursor = this.#lines.length;
    this.#draft = '';
  }

  /** The line before the current one; `current` is what the input holds now. */
  up(current: string): string {
    if (this.#cursor === this.#lines.length) this.#draft = current;
    if (this.#cursor > 0) this.#cursor -= 1;
    return this.#lines[this.#cursor] ?? current;
  }

  /** The line after the current one, or the draft once past the newest. */
  down(): string {
    if (this.#cursor < this.#lines.length) this.#cursor += 1;
    return this.#cursor === this.#lines.length ? this.#draft : (this.#lines[this.#cursor] ?? '');
  }

  /** Every line, oldest first. */
  get lines(): readonly string[] {
    return this.#lines;
  }
}
