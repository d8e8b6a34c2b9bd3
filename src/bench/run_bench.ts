// `snip bench`: each backend measured in its own child process, plus the PyTorch CPU peer,
// giving rows {workload, backend, phase, sparsity, ms, torch_ms, ratio, gflops, rss_mb}. With a
// sparsity > 0 the models are SNIP-pruned and every phase (training step, inference at batch
// 1 and 100) is measured, against dense PyTorch and PyTorch's torch.sparse.mm.
import { availableParallelism, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '../../backends/registry.js';
import { PHASES, phaseBatch, type Measurement, type Phase } from './measure.js';
import { measureInChild, measureTorch, torchStatus, TORCH_ROW, TORCH_SPARSE_ROW } from './peers.js';
import { getWorkload, stepFlopsImpl } from './workloads.js';
import { forwardFlops } from '../models/flops.js';
import type { SparseLayerChoice } from '../sparse/compile_sparse.js';

export interface BenchOptions {
  workloads: string[];
  backends: BackendName[];
  iters: number;
  warmup: number;
  warmupS: number; // and keep warming up until this many seconds have passed
  budgetS: number; // per measurement
  isolate: boolean; // one child per (workload, backend) (exact peak RSS) or one per backend (faster)
  sparsities: number[]; // 0: the dense models; others: SNIP-pruned, sparse kernels where they pay
  torch: boolean; // run the PyTorch peer
  seed: number;
}

export interface BenchRow {
  workload: string;
  backend: string;
  phase: Phase;
  sparsity: number;
  ms: number;
  torch_ms: number | null; // dense PyTorch, same phase
  ratio: number | null; // torch_ms / ms: > 1 means faster than dense PyTorch
  gflops: number; // dense-equivalent FLOPs per second (the pruned model's FLOPs are fewer)
  sparse_layers: string | null; // pruned runs: 'sparse/masked' Dense and Conv2D layers
  layers?: SparseLayerChoice[]; // pruned runs: each masked layer's density, choice and break-even timing

  rss_mb: number;
}

export interface BenchResult {
  rows: BenchRow[];
  notes: string[]; // one line each: why PyTorch was skipped, which measurements failed, the load
}

/** Analytic FLOPs of one dense training step and one forward pass per example (built on cpu). */
async function workloadFlops(name: string, seed: number): Promise<{ step: number; forward: number }> {
  await selectBackend('cpu', () => {});
  const w = getWorkload(name);
  const model = w.build(seed);
  const flops = { step: stepFlopsImpl(model, w.batch), forward: forwardFlops(model) };
  model.dispose();
  tf.disposeVariables();
  return flops;
}

function phaseFlops(f: { step: number; forward: number }, name: string, phase: Phase): number {
  return phase === 'train' ? f.step : f.forward * phaseBatch(getWorkload(name), phase);
}

function toRow(m: Measurement, torch: Measurement | undefined, flops: number): BenchRow {
  const masked = m.layers;
  return {
    workload: m.workload, backend: m.backend, phase: m.phase, sparsity: m.sparsity, ms: m.ms,
    torch_ms: torch?.ms ?? null, ratio: torch === undefined ? null : torch.ms / m.ms,
    gflops: flops / (m.ms * 1e6), rss_mb: m.rssMb,
    sparse_layers: masked === undefined ? null : `${masked.filter((l) => l.sparse).length}/${masked.length}`,
    ...(masked === undefined ? {} : { layers: masked }),
  };
}

const key = (workload: string, backend: string, phase: Phase, sparsity: number) => `${workload}/${backend}/${phase}/${sparsity}`;

export async function runBench(opts: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  const phases: readonly Phase[] = opts.sparsities.some((x) => x > 0) ? PHASES : ['train'];
  const loadStart = loadavg()[0]!;
  const notes: string[] = [];
  const names = opts.workloads.map((w) => getWorkload(w).name);
  const flops = new Map<string, { step: number; forward: number }>();
  for (const name of names) flops.set(name, await workloadFlops(name, opts.seed));
  const measured = new Map<string, Measurement>();
  const record = (m: Measurement) => {
    measured.set(key(m.workload, m.backend, m.phase, m.sparsity), m);
    const f = phaseFlops(flops.get(m.workload)!, m.workload, m.phase);
    log(`[bench] ${m.workload} ${m.backend}: ${m.phase}, sparsity ${m.sparsity}, ${m.ms.toFixed(2)} ms (median of ${m.timesMs.length}), ` +
      `${(f / (m.ms * 1e6)).toFixed(1)} GFLOP/s, peak RSS ${m.rssMb.toFixed(0)} MB`);
    for (const l of m.layers ?? []) log(`[bench]   ${l.layer} density ${(100 * l.density).toFixed(2)}%: ${l.sparse ? 'sparse' : 'dense'} (${l.reason})`);
  };
  const fail = (err: unknown) => {
    notes.push(err instanceof Error ? err.message : String(err));
    log(`[bench] ${notes[notes.length - 1]}`);
  };
  const groups = opts.isolate ? names.map((n) => [n]) : [names];
  const timing = { iters: opts.iters, warmup: opts.warmup, warmupS: opts.warmupS, budgetS: opts.budgetS };
  const cases = (workload: string) => opts.sparsities.flatMap((sparsity) => phases.map((phase) => ({ workload, ...timing, seed: opts.seed, sparsity, phase })));
  const torch = opts.torch ? torchStatus() : { available: false, reason: 'disabled by --no-torch' };
  if (!torch.available) notes.push(`PyTorch ratio skipped: ${torch.reason}`);
  for (const group of groups) {
    if (torch.available) await measureTorch({ workloads: group, ...timing, phases, sparsities: opts.sparsities }, record).catch(fail);
    for (const backend of opts.backends) await measureInChild(group.flatMap(cases).map((c) => ({ ...c, backend })), record).catch(fail);
  }
  const rows: BenchRow[] = [];
  for (const name of names) {
    for (const phase of phases) {
      const peer = measured.get(key(name, TORCH_ROW, phase, 0));
      const f = phaseFlops(flops.get(name)!, name, phase);
      for (const sparsity of opts.sparsities) {
        const backends = [...opts.backends, ...(sparsity === 0 ? [TORCH_ROW] : [TORCH_SPARSE_ROW])];
        for (const backend of backends) {
          const m = measured.get(key(name, backend, phase, sparsity));
          if (m !== undefined) rows.push(toRow(m, peer, f));
        }
      }
    }
  }
  notes.push(`load average ${loadStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end, on ` +
    `${availableParallelism()} cores (other processes running make every timing slower)`);
  return { rows, notes };
}
