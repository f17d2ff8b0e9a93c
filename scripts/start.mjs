#!/usr/bin/env node
// `npm start`: builds the site when its sources are newer than the last build, then runs the
// one-process backend (server/main.ts) with the same environment. Flags: --no-build skips the
// build check, --build forces a build. Signals are passed on so Ctrl+C shuts down cleanly.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reexecUnderRecentNode } from './ensure-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const dist = resolve(root, process.env.DIST_DIR || 'dist');
// Written after a successful build: dist/ alone may be a half-written failed build.
const stamp = join(dist, '.echo-lab-build');
const inputs = [
  'content',
  'src',
  'public',
  'astro.config.mjs',
  'content.config.ts',
  'package-lock.json',
];

function fail(message) {
  console.error(`\n[start] ${message}\n`);
  process.exit(1);
}

// An older Node gets Node 22 from the npm registry, once, and this script runs again under it.
reexecUnderRecentNode();
if (!existsSync(join(root, 'node_modules', 'astro'))) {
  fail('Dependencies are missing: run `npm install` first.');
}

/** The newest modification time under `path` (a file or a folder), 0 when missing. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function needsBuild() {
  if (args.has('--build')) return 'asked for';
  // The stamp marks a build that finished; a dist/ built by `npm run build` has no stamp, so
  // its index.html stands for the build time instead.
  const marker = [stamp, join(dist, 'index.html')].find((path) => existsSync(path));
  if (marker === undefined) return 'no build yet';
  const built = statSync(marker).mtimeMs;
  const changed = inputs.find((input) => newest(join(root, input)) > built);
  return changed === undefined ? undefined : `${changed} changed`;
}

// Whichever child runs now (the build, then the server) gets Ctrl+C and SIGTERM, so neither
// is left behind as an orphan.
let child;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    if (child === undefined || child.exitCode !== null) process.exit(130);
    child.kill(signal);
  });
}

/** Runs node with `argv` and resolves with its exit code (or 1 after a signal). */
function run(argv) {
  return new Promise((done) => {
    child = spawn(process.execPath, argv, { cwd: root, stdio: 'inherit', env: process.env });
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

const reason = args.has('--no-build') ? undefined : needsBuild();
if (reason !== undefined) {
  console.log(`[start] Building the site (${reason}): astro build --outDir ${dist} ...`);
  const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const status = await run([astro, 'build', '--outDir', dist]);
  if (interrupted) process.exit(130);
  if (status !== 0)
    fail(`astro build failed (exit ${status}). Fix the error above and run npm start again.`);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
} else if (!args.has('--no-build')) {
  console.log('[start] The site is up to date (dist/); no build needed.');
}

process.exitCode = await run(['--import', 'tsx', join(root, 'server', 'main.ts')]);
