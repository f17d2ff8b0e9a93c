/**
 * The chat's checks as pure functions: what a name and a message may be. A refusal is a value
 * with a code the page translates and an English sentence for logs and other clients.
 */
import type { ChatLimits, ChatRefusal } from './chat-protocol.ts';

/** A refused input. */
export interface Refusal {
  readonly ok: false;
  readonly code: ChatRefusal;
  readonly message: string;
  readonly max?: number;
  readonly length?: number;
}

// Control characters would let a name or message fake line breaks or hide text in a log.
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Characters as a reader counts them (code points, so an emoji is one). */
export function charCount(text: string): number {
  return [...text].length;
}

/** The name to use, or why it cannot be used. */
export function checkName(raw: string, limits: ChatLimits): { ok: true; name: string } | Refusal {
  const name = raw.replace(CONTROL, ' ').trim();
  const length = charCount(name);
  if (length === 0 || length > limits.maxNameChars) {
    return {
      ok: false,
      code: 'bad_name',
      message: `A name has 1 to ${limits.maxNameChars} characters.`,
      max: limits.maxNameChars,
      length,
    };
  }
  return { ok: true, name };
}

/** The message text to relay, or why it is refused. */
export function checkMessage(
  raw: string,
  limits: ChatLimits,
): { ok: true; text: string } | Refusal {
  const text = raw.replace(CONTROL, ' ').trim();
  const length = charCount(text);
  if (length === 0) return { ok: false, code: 'empty', message: 'The message is empty.' };
  if (length > limits.maxMessageChars) {
    return {
      ok: false,
      code: 'too_long',
      message: `Message too long: ${length} characters, the limit is ${limits.maxMessageChars}.`,
      max: limits.maxMessageChars,
      length,
    };
  }
  return { ok: true, text };
}
