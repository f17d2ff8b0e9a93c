/**
 * Byte counts and delays as a reader reads them, in either language: `1,234 B`, `12.3 kB`,
 * `48 ms`. The numbers are the measured ones; only their writing changes.
 */

/** `bytes` written for a reader, e.g. `950 B`, `12.3 kB`, `4.50 MB` (1 kB = 1000 B). */
export function formatBytes(bytes: number, locale = 'en'): string {
  const number = (value: number, digits: number): string =>
    value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (bytes < 1000) return `${number(bytes, 0)} B`;
  if (bytes < 1_000_000) return `${number(bytes / 1000, 1)} kB`;
  return `${number(bytes / 1_000_000, 2)} MB`;
}

/** A duration in whole milliseconds, e.g. `48 ms`. */
export function formatMs(ms: number, locale = 'en'): string {
  return `${Math.round(ms).toLocaleString(locale)} ms`;
}

/** Running count, mean and last value of a series of measurements. */
export class RunningStats {
  #count = 0;
  #sum = 0;
  #last = Number.NaN;

  add(value: number): void {
    this.#count += 1;
    this.#sum += value;
    this.#last = value;
  }

  get count(): number {
    return this.#count;
  }

  /** NaN until the first value. */
  get mean(): number {
    return this.#count === 0 ? Number.NaN : this.#sum / this.#count;
  }

  /** NaN until the first value. */
  get last(): number {
    return this.#last;
  }

  reset(): void {
    this.#count = 0;
    this.#sum = 0;
    this.#last = Number.NaN;
  }
}
