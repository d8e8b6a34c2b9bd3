// Runs every *_test.ts under src/, backends/ and test/ with node's test runner.
// Node 20's --test takes no globs and finds no .ts files by folder, so we list them.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'build' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('_test.ts')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
const roots = ['src', 'backends', 'test'];
let files = roots.flatMap((r) => findTests(r)).sort();
if (filter.length > 0) files = files.filter((f) => filter.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, SNIP_TEST: '1' } },
);
process.exit(res.status ?? 1);
