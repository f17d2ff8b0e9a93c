/**
 * JSON as PHP's `json_encode($value)` writes it with default flags, so that what our app puts
 * in Redis is byte for byte what a Laravel app would: `/` escaped as `\/`, every non-ASCII
 * UTF-16 code unit as a lowercase `\uxxxx` (astral characters as surrogate pairs).
 */

/** A JSON value as the broadcaster accepts it. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function escapeUnit(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Encodes `value` as PHP's `json_encode` does with no flags.
 * @example phpJsonEncode({ url: 'a/b', name: '愛' }) === '{"url":"a\\/b","name":"\\u611b"}'
 */
export function phpJsonEncode(value: JsonValue): string {
  // JSON.stringify already escapes quotes, backslashes and control characters the way PHP
  // does (\b \f \n \r \t, else \u00xx lowercase); only `/` and non-ASCII differ. Outside
  // strings JSON has neither character, so a global replace only touches string contents.
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, escapeUnit);
}
