/**
 * Prints the report of a saved run (bench/results/*.json), e.g. of a run that was interrupted.
 * Usage: node src/print-results.mjs results/full-….json
 */
import { readFileSync } from 'node:fs';
import { renderReport } from './report.mjs';
import { SERVERS } from './servers/server-handle.mjs';

const path = process.argv[2];
if (!path) {
  console.error('Usage: node src/print-results.mjs <results file>');
  process.exit(2);
}
const data = JSON.parse(readFileSync(path, 'utf8'));
const present = SERVERS.filter((s) =>
  Object.values(data.results).some((byServer) => byServer[s.id]),
);
console.log(renderReport(data, present));
