// Per-kernel time of a bench workload's SNIP-pruned step as `snip bench` runs it (compiled step:
// replayed kernel by kernel on native), summed by kernel name over the timed steps.
//   npx tsx backends/native/bench/profile_pruned.ts W1 0.98 [train|infer-b1|infer-b100] [steps] [--shapes]
// Each registered kernel function of the backend is wrapped with a timer, so the engine and the
// replay both go through it; what is left of the wall time is neither kernel: overhead.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../registry.js';
import { BufferPool } from '../src/buffer_pool.js';
import { snip } from '../../../src/prune.js';
import { compileSparse } from '../../../src/sparse/compile_sparse.js';
import { fixedBatchImpl, makeInferenceRunner, makeStepRunner } from '../../../src/bench/train_step.js';
import { getWorkload } from '../../../src/bench/workloads.js';
import { phaseBatch, type Phase } from '../../../src/bench/measure.js';

const args = process.argv.slice(2).filter((a) => a !== '--shapes');
const byShape = process.argv.includes('--shapes'); // one row per kernel and first input's shape
const [name = 'W1', sparsityArg = '0.98', phaseArg = 'train', stepsArg = '50'] = args;
const sparsity = Number(sparsityArg), phase = phaseArg as Phase, steps = Number(stepsArg);
await selectBackend('native', () => {});
const w = getWorkload(name);
const model = w.build(0);
const { x, labels } = fixedBatchImpl(w, 0);
// Sparsity 0 profiles the dense step (no masks), as the bench's dense rows run it.
const masks = sparsity > 0 ? (await snip(model, { x, y: labels }, { sparsity, seed: 0 })).masks : undefined;
if (masks) {
  const compiled = compileSparse(model, masks, { mode: (process.env.SPARSE ?? 'auto') as 'auto' | 'on' | 'off', batchSize: phaseBatch(w, phase), training: phase === 'train' });
  for (const l of compiled.layers) console.log(`${l.layer} density ${(100 * l.density).toFixed(2)}%: ${l.sparse ? "sparse" : "dense"} (${l.reason})`);
}

const byName = new Map<string, { ms: number; calls: number }>();
let timing = false;
// Fresh arrays the buffer pool had to allocate while timing (each costs page faults).
let fresh = 0, freshBytes = 0;
const pool = BufferPool.prototype as unknown as { take(n: number): Float32Array };
const take = pool.take;
pool.take = function (this: unknown, n: number) {
  const free = (this as { free: Map<number, Float32Array[]> }).free.get(n)?.length ?? 0;
  if (timing && free === 0) fresh++, freshBytes += 4 * n;
  return take.call(this, n);
};
for (const k of tf.getKernelsForBackend('native')) {
  const fn = k.kernelFunc;
  (k as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
    if (!timing) return fn(args);
    const t0 = performance.now();
    const out = fn(args);
    const first = Object.values(args.inputs)[0] as tf.TensorInfo | undefined;
    const key = byShape ? `${k.kernelName} [${first?.shape ?? ''}]` : k.kernelName;
    const e = byName.get(key) ?? { ms: 0, calls: 0 };
    e.ms += performance.now() - t0;
    e.calls += 1;
    byName.set(key, e);
    return out;
  };
}
const runner = phase === 'train' ? makeStepRunner(model, w, 0, masks) : makeInferenceRunner(model, w, 0, phaseBatch(w, phase));
for (let i = 0; i < Number(process.env.WARMUP ?? 5); i++) runner.step();
const wallTimes: number[] = [];
timing = true;
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  runner.step();
  wallTimes.push(performance.now() - t0);
}
timing = false;
wallTimes.sort((a, b) => a - b);
const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, e]) => s + e.ms, 0) / steps;
console.log(`${name} ${phase} sparsity ${sparsity} (${runner.mode}): median ${wallTimes[steps >> 1]!.toFixed(3)} ms a step, kernels ${total.toFixed(3)} ms, ` +
  `${(fresh / steps).toFixed(1)} fresh arrays (${(freshBytes / steps / 1e6).toFixed(2)} MB) a step`);
for (const [kernel, e] of rows) console.log(`  ${kernel.padEnd(byShape ? 44 : 28)} ${(e.ms / steps).toFixed(3).padStart(8)} ms  ${(e.calls / steps).toFixed(0)} calls`);
