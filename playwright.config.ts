/**
 * Browser tests of the site. They run against the real one-process backend
 * (`node --import tsx server/main.ts`) on a free port, with a random Redis key prefix, after
 * `astro build` (set E2E_SKIP_BUILD=1 to reuse an existing dist/). The system Chromium is used
 * when present; no step downloads a browser.
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { defineConfig, devices } from '@playwright/test';
import { freePortSync } from './tests/e2e/support/free-port.ts';

// The config is loaded again in every worker; the values chosen by the first load travel to
// the workers through the environment so everyone talks to the same server.
process.env['E2E_PORT'] ??= String(freePortSync());
process.env['E2E_REDIS_PREFIX'] ??= `e2e-${randomBytes(4).toString('hex')}:`;
const port = Number(process.env['E2E_PORT']);
const baseURL = `http://127.0.0.1:${port}`;

const systemChromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const executablePath = existsSync(systemChromium) ? systemChromium : undefined;

const build = process.env['E2E_SKIP_BUILD'] === '1' ? '' : 'npx astro build && ';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Two cores shared with everything else: keep the browser count low.
  workers: 2,
  fullyParallel: false,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  projects: [
    {
      name: 'desktop',
      testIgnore: '**/mobile.spec.ts',
      use: { ...devices['Desktop Chrome'], channel: undefined },
    },
    {
      name: 'mobile',
      testMatch: '**/mobile.spec.ts',
      use: { ...devices['Pixel 7'], channel: undefined },
    },
  ],
  webServer: {
    command: `${build}node --import tsx server/main.ts`,
    url: `${baseURL}/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_PREFIX: process.env['E2E_REDIS_PREFIX'],
      LOG_LEVEL: 'warn',
      ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
    },
  },
});
