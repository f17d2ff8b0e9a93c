import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { SITE_ENV_DEFAULTS, SITE_ENV_VARIABLES } from '../../../server/config/env.ts';

/** The rows of the README's environment table: variable → default cell. */
async function readmeEnvTable(): Promise<Map<string, string>> {
  const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Environment'), readme.indexOf('### Commands'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([A-Z_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name !== undefined) rows.set(name, cells[2] ?? '');
  }
  return rows;
}

describe("the README's environment table", () => {
  it('lists exactly the variables the schema reads', async () => {
    const rows = await readmeEnvTable();
    assert.deepEqual([...rows.keys()].sort(), Object.keys(SITE_ENV_VARIABLES).sort());
  });

  it('gives the defaults the schema uses', async () => {
    const rows = await readmeEnvTable();
    for (const [variable, option] of Object.entries(SITE_ENV_VARIABLES)) {
      if (!(option in SITE_ENV_DEFAULTS)) continue;
      const value = String(SITE_ENV_DEFAULTS[option as keyof typeof SITE_ENV_DEFAULTS]);
      assert.ok(
        rows.get(variable)?.startsWith(`\`${value}\``),
        `${variable}: README says ${rows.get(variable)}, schema ${value}`,
      );
    }
  });
});
