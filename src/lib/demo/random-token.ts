/**
 * The random token a demo page names its server-side session with (a watch stream, a feed):
 * 32 hexadecimal characters from 16 random bytes, too many to guess.
 */

/** 32 hexadecimal characters from the first 16 bytes of `random`. */
export function tokenFrom(random: Uint8Array): string {
  return [...random.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A fresh token from the browser's random source. */
export function randomToken(): string {
  return tokenFrom(crypto.getRandomValues(new Uint8Array(16)));
}
