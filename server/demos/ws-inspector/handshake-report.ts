/**
 * The handshake of one inspected WebSocket as the server saw it: the Upgrade request exactly as
 * received (request line and raw headers, in the browser's order and spelling), the 101 head
 * exactly as written, and the `Sec-WebSocket-Accept` derivation for the key that was sent.
 */
import type { IncomingMessage } from 'node:http';
import { deriveAccept, type AcceptDerivation } from './accept-key.ts';

/** One HTTP message head as text, with its size on the wire. */
export interface HeadReport {
  /** The head, CRLF line ends and the final blank line included. */
  readonly text: string;
  readonly bytes: number;
}

/** What the page is sent once the 101 is out. */
export interface HandshakeReport {
  readonly request: HeadReport;
  readonly response: HeadReport;
  readonly accept: AcceptDerivation;
}

/** The request head as received: Node keeps the raw header names and their order. */
export function requestHead(req: IncomingMessage): HeadReport {
  const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    lines.push(`${req.rawHeaders[i] ?? ''}: ${req.rawHeaders[i + 1] ?? ''}`);
  }
  const text = `${lines.join('\r\n')}\r\n\r\n`;
  // Node decodes header bytes as latin1, one character per byte.
  return { text, bytes: Buffer.byteLength(text, 'latin1') };
}

/** The value of header `name` in a raw response head. */
export function headerValue(head: string, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) {
      return line.slice(colon + 1).trim();
    }
  }
  return undefined;
}

/** The full report, once the response head is known. */
export function handshakeReport(
  request: HeadReport,
  key: string,
  responseHead: string,
): HandshakeReport {
  return {
    request,
    response: { text: responseHead, bytes: Buffer.byteLength(responseHead, 'latin1') },
    accept: deriveAccept(key, headerValue(responseHead, 'Sec-WebSocket-Accept')),
  };
}
