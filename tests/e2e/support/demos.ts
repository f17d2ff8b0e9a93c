/**
 * What the demo specs share: opening a demo and waiting until it is live, a second reader in a
 * browser context of its own, axe on one demo in both themes, and a backend of a test's own that
 * it can stop and start again (to see the demos come back after a server restart).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { expect } from './fixtures.ts';
import { freePortSync } from './free-port.ts';
import { useTheme } from './site.ts';

/** Opens `path`, scrolls the demo into view (it starts lazily) and waits until it is live. */
export async function openDemo(page: Page, path: string, id: string): Promise<Locator> {
  await page.goto(path);
  const demo = page.locator(`[data-demo="${id}"]`);
  await demo.scrollIntoViewIfNeeded();
  await expect(demo).toHaveAttribute('data-state', 'live');
  return demo;
}

/** A second reader: a fresh browser context (its own cookies, so its own session). */
export async function secondReader(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

/** axe on the demo, in both themes; the demo must have produced output before. */
export async function expectNoAxeViolations(page: Page, id: string): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    await useTheme(page, theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const results = await new AxeBuilder({ page }).include(`[data-demo="${id}"]`).analyze();
    const summary = results.violations.map(
      (v) => `${v.id} (${v.impact ?? '?'}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
    );
    expect(summary, `${id} in the ${theme} theme`).toEqual([]);
  }
}

/** A backend of one test's own (not the shared one), which the test may stop and start again. */
export interface OwnBackend {
  /** Its origin, e.g. `http://127.0.0.1:41234`. */
  readonly base: string;
  /** Starts it (serving the built dist/) and waits, bounded, until /health answers. */
  start(): Promise<void>;
  /** Stops it with SIGTERM and waits until it has exited; nothing when it is not running. */
  stop(): Promise<void>;
}

/**
 * A backend on a free port with the Redis key prefix `e2e-<name>-<port>:`, not started yet.
 * @example const backend = ownBackend('ch1-restart'); test.beforeAll(backend.start);
 */
export function ownBackend(name: string): OwnBackend {
  const port = freePortSync();
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_PREFIX: `e2e-${name}-${port}:`,
        LOG_LEVEL: 'silent',
      },
      stdio: 'ignore',
    });
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const ok = await fetch(`${base}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The backend did not answer on ${base}`);
  };

  const stop = async (): Promise<void> => {
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = once(child, 'exit');
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    child = undefined;
  };

  return { base, start, stop };
}
