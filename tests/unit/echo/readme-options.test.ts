/**
 * The README's options table (echo-server section) must list exactly the options of the
 * configuration schema, with their defaults and environment variables.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { configSchema, DEFAULT_CONFIG } from '../../../server/echo/config/config-schema.ts';
import { ENV_OPTIONS } from '../../../server/echo/config/env-options.ts';

interface SchemaNode {
  def: { type: string; innerType?: SchemaNode; shape?: Record<string, SchemaNode> };
}

// Leaves of the schema: objects are descended into, wrappers (default, nullable…) unwrapped.
function optionPaths(node: SchemaNode, path: string[] = []): string[] {
  let n = node;
  while (['default', 'prefault', 'nullable', 'optional'].includes(n.def.type) && n.def.innerType)
    n = n.def.innerType;
  if (n.def.type !== 'object' || !n.def.shape) return [path.join('.')];
  return Object.entries(n.def.shape).flatMap(([key, child]) => optionPaths(child, [...path, key]));
}

function defaultAt(path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], DEFAULT_CONFIG);
}

function readmeRows(): Map<string, { def: string; env: string }> {
  const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
  const start = readme.indexOf('<!-- echo-server:start -->');
  const end = readme.indexOf('<!-- echo-server:end -->');
  assert.ok(start >= 0 && end > start, 'the README has the echo-server section');
  const section = readme.slice(start, end);
  const header = /^\|\s*Option\s*\|\s*Default\s*\|\s*Environment\s*\|\s*Meaning\s*\|\s*$/m.exec(
    section,
  );
  assert.ok(header, 'the section has the options table');
  const table = section.slice(header.index);
  const rows = new Map<string, { def: string; env: string }>();
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((c) => c.trim());
    const option = /^`(.+)`$/.exec(cells[1] ?? '')?.[1];
    assert.ok(option, `a row names its option: ${line}`);
    rows.set(option, { def: (cells[2] ?? '').replace(/^`|`$/g, ''), env: cells[3] ?? '' });
  }
  return rows;
}

test('the README options table matches the configuration schema', () => {
  const rows = readmeRows();
  const paths = optionPaths(configSchema as unknown as SchemaNode);
  assert.deepEqual([...rows.keys()].sort(), [...paths].sort());
  for (const path of paths) {
    const row = rows.get(path);
    assert.equal(row?.def, JSON.stringify(defaultAt(path)), `default of ${path}`);
    const env = ENV_OPTIONS.filter((e) => e.path === path)
      .map((e) => `\`${e.name}\``)
      .join(', ');
    assert.equal(row?.env, env, `environment variable of ${path}`);
  }
});
