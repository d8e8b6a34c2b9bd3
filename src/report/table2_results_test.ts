// The committed Table 2 is what its committed run folders give: no figure in results/table2.json,
// results/table2.md or the README's table is typed in by hand or left behind by a re-run.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadRuns } from './load_results.js';
import { table2Markdown, table2Rows, type Table2Row } from './table2.js';

const RUN_FOLDERS = ['results/mnist', 'results/table2'];
const key = (r: Table2Row) => `${r.model}|${r.dataset}|${r.sparsity}`;

test('results/table2.json: every row comes from the run folders in results/, and the .md and README tables show it', { skip: !existsSync('results/table2.json') }, () => {
  const committed = JSON.parse(readFileSync('results/table2.json', 'utf8')) as Table2Row[];
  const fresh = table2Rows(loadRuns(RUN_FOLDERS), '');
  // One pruned run per row: a second schedule of the same model in these folders would make the table ambiguous.
  assert.deepEqual(fresh.map(key).sort(), committed.map(key).sort());
  for (const row of committed) {
    const recomputed = fresh.find((r) => key(r) === key(row))!;
    const { device: _device, ...expected } = recomputed; // where it ran is stated by `snip table2 --device`, not recorded
    const { device: _committedDevice, ...actual } = row;
    assert.deepEqual(actual, expected, key(row));
  }
  const markdown = table2Markdown(committed);
  assert.ok(readFileSync('results/table2.md', 'utf8').includes(markdown), 'results/table2.md is not the table of results/table2.json');
  const readme = readFileSync('README.md', 'utf8');
  for (const line of markdown.split('\n').slice(2)) assert.ok(readme.includes(line), `README's Table 2 lacks: ${line}`);
});
