// `npm test`: unit, integration, then browser tests, stopping at the first suite that fails.
// Each suite is a separate process so a leak in one cannot hide behind another.
import { spawnSync } from 'node:child_process';
import { reexecUnderRecentNode } from './ensure-node.mjs';

reexecUnderRecentNode();

const suites = [
  ['unit', ['run', 'test:unit']],
  ['integration', ['run', 'test:integration']],
  ['e2e', ['run', 'test:e2e']],
];
const only = process.argv.slice(2);
for (const [name, args] of suites) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== ${name} tests ===`);
  const { status } = spawnSync('npm', args, { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`\n${name} tests failed (exit ${status}).`);
    process.exit(status ?? 1);
  }
}
