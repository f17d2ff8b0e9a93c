/**
 * Reads a small request body and parses it as a form (`application/x-www-form-urlencoded`,
 * what the echo server sends to `/broadcasting/auth`) or JSON, into `unknown` for a schema.
 */
import type { IncomingMessage } from 'node:http';

/** The body could not be read or parsed; `status` is the HTTP answer to give. */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Bodies above this are refused with 413: every app endpoint takes a few small fields. */
export const MAX_BODY_BYTES = 64 * 1024;

async function readRaw(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new BodyError(413, `Request body larger than ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads and parses the body by its Content-Type: JSON, a form, or (empty) nothing.
 * A form becomes an object of strings; JSON stays as parsed.
 */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const raw = await readRaw(req, limit);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (raw.trim() === '') return {};
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new BodyError(400, 'Malformed JSON body');
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  throw new BodyError(415, `Unsupported Content-Type ${type}: send JSON or a form`);
}
