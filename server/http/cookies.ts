/**
 * Reading the `Cookie` header and writing `Set-Cookie` values: only what sessions need.
 */

/** Parses a `Cookie` header into name → value (first occurrence wins, values URI-decoded). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=');
    if (index <= 0) continue;
    const name = pair.slice(0, index).trim();
    let value = pair.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    if (cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

/** Attributes of a cookie to set. */
export interface CookieOptions {
  /** @default true */
  readonly httpOnly?: boolean;
  /** @default "Lax" */
  readonly sameSite?: 'Lax' | 'Strict' | 'None';
  /** Seconds; omitted for a browser-session cookie, 0 to delete. */
  readonly maxAge?: number;
  /** @default false */
  readonly secure?: boolean;
  /** @default "/" */
  readonly path?: string;
}

/** Builds one `Set-Cookie` header value. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`];
  if (options.maxAge !== undefined)
    parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
  if (options.httpOnly ?? true) parts.push('HttpOnly');
  parts.push(`SameSite=${options.sameSite ?? 'Lax'}`);
  if (options.secure === true || options.sameSite === 'None') parts.push('Secure');
  return parts.join('; ');
}
