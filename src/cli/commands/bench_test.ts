// `snip bench` end to end on one workload with tiny iteration counts (not a timing assertion).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import { addBenchCommand, runBenchCommand } from './bench.js';
import { torchStatus } from '../../bench/peers.js';
import type { BenchRow } from '../../bench/run_bench.js';

test('bench W1 on wasm writes rows to the table and to --json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'snip-bench-'));
  try {
    const json = join(dir, 'bench.json');
    const printed: string[] = [];
    const progress: string[] = [];
    const result = await runBenchCommand(
      { workloads: 'W1', backends: 'wasm', iters: 2, warmup: 1, quick: true, sparsity: [0], torch: true, json, seed: 0 },
      { out: (t) => printed.push(t), log: (l) => progress.push(l) },
    );
    const rows = JSON.parse(readFileSync(json, 'utf8')) as BenchRow[];
    assert.deepEqual(rows, result.rows);
    const wasm = rows.find((r) => r.backend === 'wasm')!;
    assert.equal(wasm.workload, 'W1');
    assert.equal(wasm.sparsity, 0);
    for (const k of ['ms', 'gflops', 'rss_mb'] as const) assert.ok(wasm[k] > 0, k);
    if (torchStatus().available) {
      assert.ok(wasm.torch_ms !== null && wasm.ratio !== null);
      assert.ok(rows.some((r) => r.backend === 'pytorch-cpu'));
    } else {
      assert.equal(wasm.ratio, null);
      assert.match(printed.join('\n'), /skipped/);
      assert.match(result.notes.join('\n'), /PyTorch ratio skipped/);
    }
    assert.ok(progress.some((l) => l.startsWith('[bench] W1 wasm:')));
    assert.match(printed.join('\n'), /workload\s+backend/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bench W1 on native at sparsity 0.98 adds training and inference rows, with the sparse layer choice', async () => {
  const result = await runBenchCommand(
    { workloads: 'W1', backends: 'native', iters: 1, warmup: 0, quick: true, sparsity: [0.98], torch: false, seed: 0 },
    { out: () => {}, log: () => {} },
  );
  assert.deepEqual(result.rows.map((r) => [r.phase, r.sparsity]), [['train', 0.98], ['infer-b1', 0.98], ['infer-b100', 0.98]]);
  for (const r of result.rows) assert.match(r.sparse_layers ?? '', /^[0-3]\/3$/);
});

test('bench rejects a bad --sparsity list and an unknown workload', async () => {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
  addBenchCommand(program);
  await assert.rejects(program.parseAsync(['node', 'snip', 'bench', '--sparsity', '0,1']), /sparsities in \[0, 1\)/);
  await assert.rejects(program.parseAsync(['node', 'snip', 'bench', '--sparsity', '0.9,0.9']), /listed twice/);
  await assert.rejects(
    runBenchCommand({ workloads: 'W9', sparsity: [0], torch: false, seed: 0 }, { out: () => {}, log: () => {} }),
    /unknown workload 'W9'; valid workloads: W1, W2, W3/,
  );
});
