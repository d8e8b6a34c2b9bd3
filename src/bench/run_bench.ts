// `snip bench`: every (workload, backend) pair in its own child process, plus the PyTorch CPU
// peer, giving rows {workload, backend, sparsity, ms, torch_ms, ratio, gflops, rss_mb}.
import { availableParallelism, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '../../backends/registry.js';
import type { Measurement } from './measure.js';
import { measureInChild, measureTorch, torchStatus } from './peers.js';
import { getWorkload, stepFlopsImpl } from './workloads.js';

export interface BenchOptions {
  workloads: string[];
  backends: BackendName[];
  iters: number;
  warmup: number;
  budgetS: number; // per measurement
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
  notes: string[]; // one line each: why PyTorch was skipped, which measurements failed
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

function row(m: Measurement, sparsity: number, torch: Measurement | null, flops: number): BenchRow {
  return {
    workload: m.workload, backend: m.backend, sparsity, ms: m.ms,
    torch_ms: torch?.ms ?? null, ratio: torch === null ? null : torch.ms / m.ms,
    gflops: flops / (m.ms * 1e6), rss_mb: m.rssMb,
  };
}

function describe(m: Measurement, flops: number): string {
  return `${m.workload} ${m.backend}: ${m.ms.toFixed(2)} ms/step (median of ${m.timesMs.length}), ` +
    `${(flops / (m.ms * 1e6)).toFixed(1)} GFLOP/s, peak RSS ${m.rssMb.toFixed(0)} MB`;
}

export async function runBench(opts: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  if (opts.sparsity !== 0) throw new Error(`--sparsity ${opts.sparsity}: only 0 is supported until sparse kernels land (issue 9)`);
  const notes: string[] = [];
  const loadStart = loadavg()[0]!;
  const torch = opts.torch ? torchStatus() : { available: false, reason: 'disabled by --no-torch' };
  if (!torch.available) notes.push(`PyTorch ratio skipped: ${torch.reason}`);
  const rows: BenchRow[] = [];
  for (const name of opts.workloads) {
    const flops = await workloadFlops(name, opts.seed);
    const base = { workload: getWorkload(name).name, iters: opts.iters, warmup: opts.warmup, budgetS: opts.budgetS, seed: opts.seed };
    let peer: Measurement | null = null;
    if (torch.available) {
      try {
        peer = await measureTorch(base);
        log(`[bench] ${describe(peer, flops)}`);
      } catch (err) {
        notes.push(err instanceof Error ? err.message : String(err));
      }
    }
    for (const backend of opts.backends) {
      try {
        const m = await measureInChild({ ...base, backend });
        log(`[bench] ${describe(m, flops)}`);
        rows.push(row(m, opts.sparsity, peer, flops));
      } catch (err) {
        notes.push(err instanceof Error ? err.message : String(err));
        log(`[bench] ${notes[notes.length - 1]}`);
      }
    }
    if (peer !== null) rows.push(row(peer, opts.sparsity, peer, flops));
  }
  const cores = availableParallelism();
  notes.push(`load average ${loadStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end, on ${cores} cores ` +
    '(other processes running make every timing slower)');
  return { rows, notes };
}
