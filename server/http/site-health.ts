/**
 * `GET /health` of the one-process backend: the state of each part (site, redis, echo) as
 * `ok` or `degraded` with the reason. Demos read it to show their offline state.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';

/** One part's state. */
export interface PartHealth {
  readonly status: 'ok' | 'degraded';
  readonly reason?: string;
}

/** The whole answer of `GET /health`. */
export interface SiteHealth {
  readonly status: 'ok' | 'degraded';
  readonly checks: Readonly<Record<string, PartHealth>>;
}

/** A function that reports one part's state; it must not throw. */
export type HealthCheck = () => Promise<PartHealth> | PartHealth;

/** Reports whether the built site is there to serve. */
export function siteCheck(distDir: string): HealthCheck {
  return async () => {
    try {
      await access(join(distDir, 'index.html'));
      return { status: 'ok' };
    } catch {
      return {
        status: 'degraded',
        reason: `No built site in ${distDir}: run npm run build (npm start does it)`,
      };
    }
  };
}

/** Runs every check; a check that throws counts as degraded with its message. */
export async function collectHealth(
  checks: Readonly<Record<string, HealthCheck>>,
): Promise<SiteHealth> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, PartHealth]> => {
      try {
        return [name, await check()];
      } catch (error) {
        return [
          name,
          { status: 'degraded', reason: error instanceof Error ? error.message : String(error) },
        ];
      }
    }),
  );
  const parts = Object.fromEntries(entries);
  const status = entries.every(([, part]) => part.status === 'ok') ? 'ok' : 'degraded';
  return { status, checks: parts };
}

/**
 * Writes the health answer. Always 200 by default: a page polling it while Redis is down must
 * not log a failed request in the console; `strict` (`?strict=1`) answers 503 when degraded,
 * for load balancers and scripts that read only the status code.
 */
export function sendHealth(res: ServerResponse, health: SiteHealth, strict = false): void {
  res.writeHead(strict && health.status !== 'ok' ? 503 : 200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(health));
}
