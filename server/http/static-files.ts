/**
 * Serves the built site (`dist/`): content types, `index.html` for folders, the site's own
 * `404.html`, validators and cache headers, and no way out of the folder.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { contentTypeFor } from './content-types.ts';
import { acceptsGzip, GzipCache, isCompressible } from './gzip-cache.ts';

/** A request handler for a folder of static files; it always answers. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

interface Found {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

async function fileAt(path: string): Promise<Found | 'directory' | undefined> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return 'directory';
    if (!info.isFile()) return undefined;
    return { path, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * Maps a URL path to a file path inside `root`, or undefined when the path is malformed or
 * would leave `root` (`..`, encoded separators, NUL bytes). Exported for tests.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const base = resolve(root);
  const target = resolve(join(base, decoded));
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  return target;
}

// Astro fingerprints everything under /_astro/: those bytes never change under one name.
function cacheControlFor(urlPath: string): string {
  if (urlPath.startsWith('/_astro/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

async function send(
  req: IncomingMessage,
  res: ServerResponse,
  file: Found,
  status: number,
  urlPath: string,
  gzipCache: GzipCache,
): Promise<void> {
  const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  const contentType = contentTypeFor(file.path);
  res.setHeader('Content-Type', contentType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (contentType.startsWith('text/html')) {
    // The pages are never framed by another site, and links out need not say where from.
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Referrer-Policy', 'same-origin');
  }
  const compressible = isCompressible(contentType);
  if (compressible) res.setHeader('Vary', 'Accept-Encoding');
  if (status === 200) {
    res.setHeader('Cache-Control', cacheControlFor(urlPath));
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', new Date(file.mtimeMs).toUTCString());
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304).end();
      return;
    }
  } else {
    res.setHeader('Cache-Control', 'no-store');
  }
  const gzipped =
    compressible && acceptsGzip(req.headers['accept-encoding'])
      ? await gzipCache.get(file.path, file.size, file.mtimeMs)
      : undefined;
  if (gzipped !== undefined) {
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', gzipped.length);
    res.writeHead(status);
    res.end(req.method === 'HEAD' ? undefined : gzipped);
    return;
  }
  res.setHeader('Content-Length', file.size);
  res.writeHead(status);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

async function notFound(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  urlPath: string,
  gzipCache: GzipCache,
): Promise<void> {
  // A locale's own 404 page when the build has one (`/en/404.html`), else the root one.
  const locale = /^\/([a-z]{2}(?:-[a-z]{2})?)\//i.exec(urlPath)?.[1];
  const candidates = [
    ...(locale === undefined ? [] : [join(root, locale, '404.html')]),
    join(root, '404.html'),
  ];
  for (const candidate of candidates) {
    const page = await fileAt(candidate);
    if (page !== undefined && page !== 'directory') {
      await send(req, res, page, 404, '/404.html', gzipCache);
      return;
    }
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : 'Not found\n');
}

/** Builds the handler for the folder `root` (usually the Astro build's `dist/`). */
export function createStaticHandler(root: string): StaticHandler {
  const base = resolve(root);
  const gzipCache = new GzipCache();
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const target = resolveInside(base, url.pathname);
    if (target === undefined) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Bad request\n');
      return;
    }
    let found = await fileAt(target);
    if (found === 'directory') {
      // Relative links in a page resolve against its URL, so folders get their slash first.
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
        res.end();
        return;
      }
      found = await fileAt(join(target, 'index.html'));
    } else if (found === undefined && !url.pathname.endsWith('/')) {
      // Builds with `build.format: 'file'` write /page.html for /page.
      found = await fileAt(`${target}.html`);
    }
    if (found === undefined || found === 'directory') {
      await notFound(req, res, base, url.pathname, gzipCache);
      return;
    }
    await send(req, res, found, 200, url.pathname, gzipCache);
  };
}
