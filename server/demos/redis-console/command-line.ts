/**
 * Splits a line typed into the console into arguments the way `redis-cli` does: spaces
 * separate, double quotes allow spaces and escapes (`\n`, `\t`, `\"`, `\\`, `\xNN` for any
 * byte), single quotes take everything literally except `\'`.
 */

/** A line that cannot be split (an open quote, say); `message` says where. */
export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}

const ESCAPES: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, b: 0x08, a: 0x07 };

function isHex(char: string | undefined): boolean {
  return char !== undefined && /^[0-9a-fA-F]$/.test(char);
}

/** The arguments of `line`, as bytes (a `\xNN` escape can produce any byte). */
export function splitCommandLine(line: string): Buffer[] {
  const args: Buffer[] = [];
  const chars = [...line];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && /\s/.test(chars[i] ?? '')) i += 1;
    if (i >= chars.length) break;
    const bytes: number[] = [];
    const push = (text: string): void => {
      bytes.push(...Buffer.from(text, 'utf8'));
    };
    let quote: '"' | "'" | undefined;
    for (;;) {
      const char = chars[i];
      if (char === undefined) {
        if (quote) throw new CommandLineError(`Unbalanced ${quote} quote`);
        break;
      }
      if (quote === '"') {
        if (char === '\\' && chars[i + 1] === 'x' && isHex(chars[i + 2]) && isHex(chars[i + 3])) {
          bytes.push(parseInt(`${chars[i + 2]}${chars[i + 3]}`, 16));
          i += 4;
        } else if (char === '\\' && chars[i + 1] !== undefined) {
          const next = chars[i + 1] ?? '';
          const escaped = ESCAPES[next];
          if (escaped === undefined) push(next);
          else bytes.push(escaped);
          i += 2;
        } else if (char === '"') {
          i += 1;
          // redis-cli requires a space (or the end) after a closing quote.
          if (chars[i] !== undefined && !/\s/.test(chars[i] ?? '')) {
            throw new CommandLineError('A closing quote must be followed by a space');
          }
          break;
        } else {
          push(char);
          i += 1;
        }
      } else if (quote === "'") {
        if (char === '\\' && chars[i + 1] === "'") {
          push("'");
          i += 2;
        } else if (char === "'") {
          i += 1;
          if (chars[i] !== undefined && !/\s/.test(chars[i] ?? '')) {
            throw new CommandLineError('A closing quote must be followed by a space');
          }
          break;
        } else {
          push(char);
          i += 1;
        }
      } else if (/\s/.test(char)) {
        break;
      } else if ((char === '"' || char === "'") && bytes.length === 0) {
        quote = char;
        i += 1;
      } else {
        push(char);
        i += 1;
      }
    }
    args.push(Buffer.from(bytes));
  }
  return args;
}

/** Shows bytes the way `redis-cli` quotes a string: `"hello"`, `"\xe4\xbd\xa0"`, `"a\"b"`. */
export function quoteBytes(bytes: Buffer): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x07) out += '\\a';
    else if (byte === 0x08) out += '\\b';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** A command as `redis-cli` would echo it: name bare, arguments quoted. */
export function showCommand(args: readonly Buffer[]): string {
  const [name, ...rest] = args;
  return [name?.toString('latin1').toUpperCase() ?? '', ...rest.map(quoteBytes)].join(' ');
}
