/**
 * Gzipped copies of the site's text files, made once per file version and kept in memory:
 * a classroom on one Wi-Fi loads the same pages thirty times at once, and compressing each
 * request anew would spend the CPU the live demos need.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Types worth compressing: text, JSON, SVG, JavaScript. Images and fonts already are. */
export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(json|javascript|manifest\+json|xml)|image\/svg\+xml)/.test(
    contentType,
  );
}

/** Whether the request accepts gzip (`Accept-Encoding: gzip`, not `gzip;q=0`). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    return !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
  });
}

/** Options of {@link GzipCache}. */
export interface GzipCacheOptions {
  /** Files larger than this are sent as they are. @default 2 MiB */
  readonly maxFileBytes?: number;
  /** Total compressed bytes kept; the least recently used go first. @default 32 MiB */
  readonly maxTotalBytes?: number;
}

/** Compressed file contents, keyed by path and version (size + mtime). */
export class GzipCache {
  readonly #entries = new Map<string, Buffer>();
  readonly #maxFileBytes: number;
  readonly #maxTotalBytes: number;
  #total = 0;

  constructor(options: GzipCacheOptions = {}) {
    this.#maxFileBytes = options.maxFileBytes ?? 2 * 1024 * 1024;
    this.#maxTotalBytes = options.maxTotalBytes ?? 32 * 1024 * 1024;
  }

  /** The gzipped bytes of `path`, or undefined when the file is too large to be worth it. */
  async get(path: string, size: number, mtimeMs: number): Promise<Buffer | undefined> {
    if (size > this.#maxFileBytes || size < 256) return undefined;
    const key = `${path}\0${size}\0${mtimeMs}`;
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const compressed = await gzipAsync(await readFile(path));
    this.#entries.set(key, compressed);
    this.#total += compressed.length;
    while (this.#total > this.#maxTotalBytes) {
      const oldest = this.#entries.entries().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest[0]);
      this.#total -= oldest[1].length;
    }
    return compressed;
  }
}
