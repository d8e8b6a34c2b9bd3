// What one training step costs the host on the torch backend, through the real training path
// (src/train/fit.ts train() with MaskedSgd and masks): TF.js kernels dispatched, addon calls,
// kernels run on the cpu fallback, host reads (syncs) and uploads, and the per-op host
// overhead of the engine and the N-API call. Counts are per step (deltas between batchAt calls).
//
//   npx tsx backends/torch/bench/profile_train_step.ts [models=vgg-d,wrn-16-8] [batch=8] [steps=3]
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import type { Dataset, Split } from '../../../src/data/dataset.js';
import { getModel } from '../../../src/models/registry.js';
import { prunableWeights, trainableVariables } from '../../../src/masks/prunable.js';
import { initialState, train } from '../../../src/train/fit.js';
import { softmaxCrossEntropy } from '../../../src/train/losses.js';
import { MaskedSgd } from '../../../src/train/sgd.js';
import { makeRng } from '../../../src/util/rng.js';
import { fallbackCalls, registerTorchBackend, TorchBackend, torchLoadError } from '../src/index.js';

const [models = 'vgg-d,wrn-16-8', batchArg = '8', stepsArg = '3'] = process.argv.slice(2);
const batch = Number(batchArg), steps = Number(stepsArg);
const WARMUP = 1;
const SPARSITY = 0.95;

interface Counters {
  tfjsKernels: Map<string, number>;
  addonCalls: number;
  addonMs: number;
  reads: number; // readSync/read outside the fallback: waits for the device
  fallbackReads: number;
  uploads: number;
}

const counters: Counters = { tfjsKernels: new Map(), addonCalls: 0, addonMs: 0, reads: 0, fallbackReads: 0, uploads: 0 };
let inFallback = 0;

/** Wraps the engine and the backend so every kernel, addon call, read and upload is counted. */
function instrument(): void {
  const eng = tf.engine() as unknown as { runKernelFunc(p: { kernelName?: string }): unknown };
  const runKernelFunc = eng.runKernelFunc.bind(eng);
  eng.runKernelFunc = (p) => {
    const name = p.kernelName ?? 'customGrad';
    counters.tfjsKernels.set(name, (counters.tfjsKernels.get(name) ?? 0) + 1);
    return runKernelFunc(p);
  };
  const proto = TorchBackend.prototype;
  const { runTorch, readSync, move } = proto;
  proto.runTorch = function (this: TorchBackend, ...args: Parameters<typeof runTorch>) {
    const t0 = performance.now();
    const out = runTorch.apply(this, args);
    counters.addonMs += performance.now() - t0;
    counters.addonCalls++;
    return out;
  };
  proto.readSync = function (this: TorchBackend, dataId) {
    if (inFallback > 0) counters.fallbackReads++;
    else counters.reads++;
    return readSync.call(this, dataId);
  };
  proto.move = function (this: TorchBackend, ...args: Parameters<typeof move>) {
    if (inFallback === 0) counters.uploads++;
    return move.apply(this, args);
  };
  // Reads made by the fallback are its own copies; tell them apart from the training loop's.
  const makeTensorInfo = proto.makeTensorInfo;
  proto.makeTensorInfo = function (this: TorchBackend, ...args: Parameters<typeof makeTensorInfo>) {
    inFallback++;
    try {
      return makeTensorInfo.apply(this, args);
    } finally {
      inFallback--;
    }
  };
}

interface Snapshot { kernels: number; byKernel: Map<string, number>; addonCalls: number; addonMs: number; fallbacks: Map<string, number>; reads: number; uploads: number; at: number }

function snapshot(): Snapshot {
  return {
    kernels: [...counters.tfjsKernels.values()].reduce((a, b) => a + b, 0), byKernel: new Map(counters.tfjsKernels),
    addonCalls: counters.addonCalls, addonMs: counters.addonMs, fallbacks: new Map(fallbackCalls),
    reads: counters.reads, uploads: counters.uploads, at: performance.now(),
  };
}

function diffMap(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, n] of b) if (n - (a.get(k) ?? 0) > 0) out.set(k, n - (a.get(k) ?? 0));
  return out;
}

function split(n: number, shape: number[], classes: number, seed: number): Split {
  const rng = makeRng(seed);
  const x = new Float32Array(n * shape.reduce((a, b) => a * b, 1)).map(() => rng() - 0.5);
  return { x, y: Int32Array.from({ length: n }, () => Math.floor(rng() * classes)), count: n };
}

/** Random masks at SPARSITY over the prunable weights, zeroing the pruned weights. */
function randomMasks(model: LayersModel): Map<string, tf.Tensor> {
  const masks = new Map<string, tf.Tensor>();
  for (const [i, w] of prunableWeights(model).entries()) {
    const m = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform(w.variable.shape, 0, 1, 'float32', i + 1), SPARSITY), 'float32'));
    tf.tidy(() => w.variable.assign(tf.mul(w.variable, m)));
    masks.set(w.key, m);
  }
  return masks;
}

async function profile(name: string): Promise<void> {
  const shape = [32, 32, 3];
  const data: Dataset = {
    name: 'random', inputShape: shape, numClasses: 10, train: split(batch, shape, 10, 1), val: split(batch, shape, 10, 2),
    test: split(batch, shape, 10, 3), normalisation: { mean: [0], std: [1] },
  };
  const model = getModel(name).build({ init: 'vs-h', seed: 1, inputShape: shape, numClasses: 10 });
  const masks = randomMasks(model);
  const variables = trainableVariables(model);
  const sgd = new MaskedSgd(variables, masks, { momentum: 0.9, weightDecay: 5e-4 });
  const phases = { forward: 0, optimizer: 0 };
  const countDuring = <F extends (...args: never[]) => unknown>(f: F, phase: keyof typeof phases): F => ((...args: Parameters<F>) => {
    const before = counters.addonCalls;
    const out = f(...args);
    phases[phase] += counters.addonCalls - before;
    return out;
  }) as F;
  const apply = model.apply.bind(model);
  model.apply = countDuring(apply, 'forward');
  sgd.step = countDuring(sgd.step.bind(sgd), 'optimizer');
  const snaps: Snapshot[] = [];
  const batches = { batchAt: (t: number) => (snaps.push(snapshot()), { x: data.train.x, y: data.train.y, n: batch }) };
  const iterations = WARMUP + steps + 1; // the last iteration also validates: left out
  const opts = { iterations, batchSize: batch, lr: 0.1, lrDecayEvery: 1e9, lrDecayFactor: 0.1, lrSchedule: 'step' as const, warmup: 0, momentum: 0.9, weightDecay: 5e-4, validateEvery: 1e9, logEvery: 1e9 };
  await train(model, data, batches, softmaxCrossEntropy, sgd, variables, opts, initialState());
  const phaseTotal = { ...phases };
  const a = snaps[WARMUP]!, b = snaps[WARMUP + steps]!;
  const per = (x: number) => (x / steps).toFixed(1);
  const fallbacks = diffMap(a.fallbacks, b.fallbacks);
  const kernels = [...diffMap(a.byKernel, b.byKernel)].sort((p, q) => q[1] - p[1]);
  const ms = (b.at - a.at) / steps;
  process.stdout.write(
    `${name} b${batch} (${variables.size} variables, ${masks.size} masked), per training step over ${steps}:\n` +
    `  step ${ms.toFixed(1)} ms; TF.js kernels ${per(b.kernels - a.kernels)}; addon calls ${per(b.addonCalls - a.addonCalls)} ` +
    `(${((b.addonMs - a.addonMs) / steps).toFixed(1)} ms inside, incl. CPU compute); rest of the host ${(ms - (b.addonMs - a.addonMs) / steps).toFixed(1)} ms\n` +
    `  addon calls by phase (mean over all ${iterations} iterations): model forward ${(phaseTotal.forward / iterations).toFixed(0)}, ` +
    `optimizer ${(phaseTotal.optimizer / iterations).toFixed(0)}, loss + backward + rest ${((b.addonCalls - a.addonCalls) / steps - (phaseTotal.forward + phaseTotal.optimizer) / iterations).toFixed(0)}\n` +
    `  cpu fallbacks ${per([...fallbacks.values()].reduce((p, q) => p + q, 0))}: ${[...fallbacks].map(([k, n]) => `${k}×${n / steps}`).join(' ') || 'none'}\n` +
    `  host reads (device syncs) ${per(b.reads - a.reads)}; uploads ${per(b.uploads - a.uploads)}\n` +
    `  kernels: ${kernels.map(([k, n]) => `${k}×${n / steps}`).join(' ')}\n`,
  );
  sgd.dispose();
  model.dispose();
  for (const m of masks.values()) m.dispose();
}

/** Host cost of one tiny op: through tf (engine + kernel + N-API) and straight through the addon. */
function perOpOverhead(): void {
  const n = 5000;
  const x = tf.scalar(1), y = tf.scalar(2);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) tf.add(x, y).dispose();
  const viaTf = ((performance.now() - t0) / n) * 1000;
  const backend = tf.backend() as TorchBackend;
  const ids = [x, y].map((t) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }));
  const t1 = performance.now();
  for (let i = 0; i < n; i++) backend.disposeData(backend.runTorch1('Add', ids).dataId);
  const viaAddon = ((performance.now() - t1) / n) * 1000;
  process.stdout.write(`per-op host overhead (scalar Add on ${tf.getBackend()}): ${viaTf.toFixed(1)} µs through tf.add, ${viaAddon.toFixed(1)} µs straight through the addon\n`);
  tf.dispose([x, y]);
}

if (!registerTorchBackend({ device: (process.env.SNIP_TORCH_DEVICE ?? 'cpu') as 'cpu' })) throw new Error(`torch backend unavailable: ${torchLoadError()}`);
await tf.setBackend('torch');
instrument();
perOpOverhead();
for (const name of models.split(',')) await profile(name);
