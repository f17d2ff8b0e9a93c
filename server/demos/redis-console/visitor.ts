/**
 * Who is typing: a visitor id the server issues in an HttpOnly cookie (random, 128 bits), and
 * the private Redis namespace derived from it. The namespace is a hash of the id, so the key
 * names shown in the inspector (or projected in a classroom) never reveal the cookie, and a
 * client never chooses its own namespace. Chapter 2's demos share it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookies, serializeCookie } from '../../http/cookies.ts';

/** The cookie's name. */
export const VISITOR_COOKIE = 'echo_lab_visitor';

/** How long a browser keeps its visitor id (a school day and then some). */
const VISITOR_MAX_AGE_S = 24 * 60 * 60;

/** A visitor: the secret id and the public tag their namespaces are built from. */
export interface Visitor {
  /** The cookie value (secret: never shown, never logged). */
  readonly id: string;
  /** 16 hex characters derived from the id; safe to show. */
  readonly tag: string;
}

const ID_SHAPE = /^[0-9a-f]{32}$/;

/** The tag of a visitor id. */
export function visitorTag(id: string): string {
  return createHash('sha256').update(`echo-lab-visitor:${id}`).digest('hex').slice(0, 16);
}

/**
 * The visitor of `req`, issuing a new id (and its `Set-Cookie` on `res`) when the request has
 * none or one that is not ours.
 */
export function visitorOf(req: IncomingMessage, res: ServerResponse, secure = false): Visitor {
  const header = req.headers.cookie;
  const current = parseCookies(Array.isArray(header) ? header[0] : header).get(VISITOR_COOKIE);
  if (current !== undefined && ID_SHAPE.test(current)) {
    return { id: current, tag: visitorTag(current) };
  }
  const id = randomBytes(16).toString('hex');
  const cookie = serializeCookie(VISITOR_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: VISITOR_MAX_AGE_S,
    secure,
  });
  const existing = res.getHeader('Set-Cookie');
  const list = Array.isArray(existing)
    ? existing
    : existing === undefined
      ? []
      : [String(existing)];
  res.setHeader('Set-Cookie', [...list, cookie]);
  return { id, tag: visitorTag(id) };
}
