/** The post-build fix of empty header cells in comparison tables. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixEmptyHeaderCells } from '../../../src/integrations/table-corner-cells.ts';

describe('fixEmptyHeaderCells', () => {
  it('turns the empty top-left header of a comparison table into a plain cell', () => {
    const html =
      '<table><thead>\n<tr>\n<th></th>\n<th>Public</th>\n</tr>\n</thead><tbody><tr><th></th></tr></tbody></table>';
    assert.equal(
      fixEmptyHeaderCells(html),
      '<table><thead>\n<tr>\n<td></td>\n<th>Public</th>\n</tr>\n</thead><tbody><tr><th></th></tr></tbody></table>',
    );
  });

  it('keeps attributes and leaves headers with text alone', () => {
    assert.equal(
      fixEmptyHeaderCells('<thead><tr><th align="left"> </th></tr></thead>'),
      '<thead><tr><td align="left"></td></tr></thead>',
    );
    const named = '<thead><tr><th>頻道</th><th align="center">x</th></tr></thead>';
    assert.equal(fixEmptyHeaderCells(named), named);
  });

  it('handles several tables on one page', () => {
    const two =
      '<thead><tr><th></th></tr></thead><p>…</p><thead><tr><th></th><th>a</th></tr></thead>';
    assert.equal(
      fixEmptyHeaderCells(two),
      '<thead><tr><td></td></tr></thead><p>…</p><thead><tr><td></td><th>a</th></tr></thead>',
    );
  });
});
