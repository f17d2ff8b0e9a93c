/**
 * Formats a Redis reply the way `redis-cli` prints it in a terminal: `OK`, `(integer) 1`,
 * `"hello"`, `(nil)`, `(error) ERR ...`, numbered (and nested) arrays, `(empty array)`.
 */
import { quoteBytes } from './command-line.ts';
import type { RespValue } from './resp.ts';

/** The lines `redis-cli` would print for `value`. */
export function formatReply(value: RespValue): string[] {
  switch (value.type) {
    case 'simple':
      return [value.value];
    case 'error':
      return [`(error) ${value.value}`];
    case 'integer':
      return [`(integer) ${value.value}`];
    case 'bulk':
      return [value.value === null ? '(nil)' : quoteBytes(value.value)];
    case 'array': {
      if (value.value === null) return ['(nil)'];
      if (value.value.length === 0) return ['(empty array)'];
      const width = String(value.value.length).length;
      return value.value.flatMap((item, index) => {
        const label = `${String(index + 1).padStart(width, ' ')}) `;
        // Lines of a nested array line up under the first one, as in redis-cli.
        return formatReply(item).map((line, lineIndex) =>
          lineIndex === 0 ? `${label}${line}` : `${' '.repeat(label.length)}${line}`,
        );
      });
    }
  }
}
