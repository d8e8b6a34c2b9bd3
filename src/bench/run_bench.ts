// `snip bench`: each backend measured in its own child process, plus the PyTorch CPU peer,
// giving rows {workload, backend, sparsity, ms, torch_ms, ratio, gflops, rss_mb}.
import { availableParallelism, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '../../backends/registry.js';
import type { Measurement } from './measure.js';
import { measureInChild, measureTorch, torchStatus, TORCH_ROW } from './peers.js';
import { getWorkload, stepFlopsImpl } from './workloads.js';

export interface BenchOptions {
  workloads: string[];
  backends: BackendName[];
  iters: number;
  warmup: number;
  budgetS: number; // per measurement
  isolate: boolean; // one child per (workload, backend) (exact peak RSS) or one per backend (faster)
  sparsity: number; // only 0 for now (sparse kernels: issue 9)
  torch: boolean; // run the PyTorch peer
  seed: number;
}

export interface BenchRow {
  workload: string;
  backend: string;
  sparsity: number;
  ms: number;
  torch_ms: number | null;
  ratio: number | null; // torch_ms / ms: > 1 means faster than PyTorch
  gflops: number;
  rss_mb: number;
}

export interface BenchResult {
  rows: BenchRow[];
  notes: string[]; // one line each: why PyTorch was skipped, which measurements failed, the load
}

/** Analytic FLOPs of one training step of a workload (built on the cpu backend). */
async function workloadFlops(name: string, seed: number): Promise<number> {
  await selectBackend('cpu', () => {});
  const w = getWorkload(name);
  const model = w.build(seed);
  const flops = stepFlopsImpl(model, w.batch);
  model.dispose();
  tf.disposeVariables();
  return flops;
}

function toRow(m: Measurement, sparsity: number, torch: Measurement | undefined, flops: number): BenchRow {
  return {
    workload: m.workload, backend: m.backend, sparsity, ms: m.ms,
    torch_ms: torch?.ms ?? null, ratio: torch === undefined ? null : torch.ms / m.ms,
    gflops: flops / (m.ms * 1e6), rss_mb: m.rssMb,
  };
}

export async function runBench(opts: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  if (opts.sparsity !== 0) throw new Error(`--sparsity ${opts.sparsity}: only 0 is supported until sparse kernels land (issue 9)`);
  const loadStart = loadavg()[0]!;
  const notes: string[] = [];
  const names = opts.workloads.map((w) => getWorkload(w).name);
  const flops = new Map<string, number>();
  for (const name of names) flops.set(name, await workloadFlops(name, opts.seed));
  const measured = new Map<string, Measurement>(); // key `${workload}/${backend}`
  const record = (m: Measurement) => {
    measured.set(`${m.workload}/${m.backend}`, m);
    const f = flops.get(m.workload)!;
    log(`[bench] ${m.workload} ${m.backend}: ${m.ms.toFixed(2)} ms/step (median of ${m.timesMs.length}), ` +
      `${(f / (m.ms * 1e6)).toFixed(1)} GFLOP/s, peak RSS ${m.rssMb.toFixed(0)} MB`);
  };
  const fail = (err: unknown) => {
    notes.push(err instanceof Error ? err.message : String(err));
    log(`[bench] ${notes[notes.length - 1]}`);
  };
  const groups = opts.isolate ? names.map((n) => [n]) : [names];
  const base = (workload: string) => ({ workload, iters: opts.iters, warmup: opts.warmup, budgetS: opts.budgetS, seed: opts.seed });
  const torch = opts.torch ? torchStatus() : { available: false, reason: 'disabled by --no-torch' };
  if (!torch.available) notes.push(`PyTorch ratio skipped: ${torch.reason}`);
  for (const group of groups) {
    if (torch.available) await measureTorch(group.map(base), record).catch(fail);
    for (const backend of opts.backends) await measureInChild(group.map((w) => ({ ...base(w), backend })), record).catch(fail);
  }
  const rows: BenchRow[] = [];
  for (const name of names) {
    const peer = measured.get(`${name}/${TORCH_ROW}`);
    for (const backend of [...opts.backends, ...(peer ? [TORCH_ROW] : [])]) {
      const m = measured.get(`${name}/${backend}`);
      if (m !== undefined) rows.push(toRow(m, opts.sparsity, peer, flops.get(name)!));
    }
  }
  notes.push(`load average ${loadStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end, on ` +
    `${availableParallelism()} cores (other processes running make every timing slower)`);
  return { rows, notes };
}
