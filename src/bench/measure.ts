// Times training steps or inference passes of one workload on the current process's backend,
// dense or SNIP-pruned (masks scored on the bench batch) with the sparse kernels chosen per layer.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend, type BackendName } from '../../backends/registry.js';
import { disposeMasks } from '../masks/mask_set.js';
import { snip } from '../prune.js';
import { compileSparse, type SparseLayerChoice } from '../sparse/compile_sparse.js';
import { fixedBatchImpl, makeInferenceRunner, makeStepRunner, type StepRunner } from './train_step.js';
import { getWorkload, type Workload } from './workloads.js';

/** Marks the one stdout line of a bench child that carries its Measurement as JSON. */
export const RESULT_PREFIX = 'RESULT ';

/** A training step at the workload's batch, or a forward pass at batch 1 or 100. */
export const PHASES = ['train', 'infer-b1', 'infer-b100'] as const;
export type Phase = (typeof PHASES)[number];

export interface MeasureOptions {
  workload: string;
  backend: BackendName;
  iters: number; // timed steps (at most)
  warmup: number; // untimed steps first
  warmupS: number; // and at least this many seconds of them
  budgetS: number; // stop timing after this many seconds (at least one timed step)
  seed: number;
  sparsity: number; // 0: dense; else SNIP masks and `--sparse auto`
  phase: Phase;
}

export interface Measurement {
  workload: string;
  backend: string;
  phase: Phase;
  sparsity: number;
  ms: number; // median ms per step
  timesMs: number[];
  rssMb: number; // peak resident set size of the process
  layers?: SparseLayerChoice[]; // pruned runs: the per-layer sparse/dense choice and its timing
}

export function medianImpl(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function phaseBatch(w: Workload, phase: Phase): number {
  switch (phase) {
    case 'train': return w.batch;
    case 'infer-b1': return 1;
    case 'infer-b100': return 100;
    default: { const never: never = phase; throw new Error(`unknown phase ${String(never)}`); }
  }
}

// SNIP on the bench batch, masks applied; then the per-layer sparse choice for this phase.
async function pruneForBench(model: tfl.LayersModel, w: Workload, opts: MeasureOptions) {
  const { x, y, labels } = fixedBatchImpl(w, opts.seed);
  const { masks } = await snip(model, { x, y: labels }, { sparsity: opts.sparsity, seed: opts.seed });
  tf.dispose([x, y, labels]);
  const compiled = compileSparse(model, masks, { mode: 'auto', batchSize: phaseBatch(w, opts.phase), training: opts.phase === 'train' });
  return { masks, layers: compiled.layers };
}

export async function measureWorkload(opts: MeasureOptions): Promise<Measurement> {
  await selectBackend(opts.backend, () => {});
  const w = getWorkload(opts.workload);
  const model = w.build(opts.seed);
  const pruned = opts.sparsity > 0 ? await pruneForBench(model, w, opts) : undefined;
  const runner: StepRunner = opts.phase === 'train'
    ? makeStepRunner(model, w, opts.seed, pruned?.masks)
    : makeInferenceRunner(model, w, opts.seed, phaseBatch(w, opts.phase));
  const warmStart = performance.now();
  for (let i = 0; i < opts.warmup || performance.now() - warmStart < opts.warmupS * 1000; i++) runner.step();
  const timesMs: number[] = [];
  const start = performance.now();
  while (timesMs.length < opts.iters && (timesMs.length === 0 || performance.now() - start < opts.budgetS * 1000)) {
    const t0 = performance.now();
    runner.step();
    timesMs.push(performance.now() - t0);
  }
  runner.dispose();
  if (pruned) disposeMasks(pruned.masks);
  model.dispose();
  return {
    workload: w.name, backend: opts.backend, phase: opts.phase, sparsity: opts.sparsity, ms: medianImpl(timesMs), timesMs,
    rssMb: process.resourceUsage().maxRSS / 1024, layers: pruned?.layers,
  };
}
