// The torch backend on a GPU: a LeNet-5-Caffe training step against tfjs-backend-cpu (1e-3),
// and training-step times (batch 128; VGG-like, VGG-D, WRN-16-8) through tfjs-layers and the
// project's masked SGD with masks at 95% sparsity, as `snip train` runs them.
// Bundled by gpu_run.sh into one .mjs so it runs with a bare Node: `node bench.mjs <outDir>`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

import { prunableWeights } from '../../../src/masks/prunable.js';
import { getModel } from '../../../src/models/registry.js';
import { MaskedSgd } from '../../../src/train/sgd.js';
import { softmaxCrossEntropy } from '../../../src/train/losses.js';
import { configureTorch, fallbackCalls, registerTorchBackend, TorchBackend, torchInfo, torchLoadError, torchSync } from '../src/index.js';

const outDir = process.argv[2] ?? '.';
const device = process.env.SNIP_TORCH_DEVICE ?? 'cuda';
const steps = Number(process.env.STEPS ?? 30);
const log = (s: string) => process.stdout.write(s + '\n');

/** Deterministic values in [0, 1). */
function uniform(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296;
  }
  return out;
}

/** Loss, gradients and momentum-updated weights of one step of `model` on the current backend. */
function trainingStep(name: string, shape: number[], batch: number): Float32Array[] {
  // The values leave tidy() in a box: tidy walks the arrays it returns element by element, which
  // overflows a Set for VGG-D's 15M weights.
  const box: { out: Float32Array[] } = { out: [] };
  tf.tidy(() => {
    const model = getModel(name).build({ init: 'vs-h', seed: 1, inputShape: shape, numClasses: 10 });
    const x = tf.tensor(uniform(batch * shape.reduce((a, b) => a * b), 3), [batch, ...shape]);
    const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * 7) % 10), 'int32');
    const vars = new Map(model.trainableWeights.map((w) => [w.name, w.read() as tf.Variable]));
    const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y), [...vars.values()]);
    const sgd = new MaskedSgd(vars, new Map(), { momentum: 0.9, weightDecay: 5e-4 });
    sgd.step(new Map([...vars].map(([k, v]) => [k, grads[v.name]!])), 0.1);
    const out = [value, ...[...vars.values()].map((v) => grads[v.name]!), ...vars.values()].map((t) => t.dataSync() as Float32Array);
    sgd.dispose();
    model.dispose();
    box.out = out;
  });
  return box.out;
}

function maxRelError(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((x, k) => {
    let diff = 0, scale = 0;
    x.forEach((v, i) => { diff = Math.max(diff, Math.abs(v - b[k]![i]!)); scale = Math.max(scale, Math.abs(b[k]![i]!)); });
    worst = Math.max(worst, scale === 0 ? diff : diff / scale);
  });
  return worst;
}

async function agreement(name: string, shape: number[], batch: number): Promise<number> {
  await tf.setBackend('cpu');
  const want = trainingStep(name, shape, batch);
  await tf.setBackend('torch');
  return maxRelError(trainingStep(name, shape, batch), want);
}

/** Masks keeping a random 5% of each prunable weight (the pruned weights zeroed), keyed by variable name. */
function randomMasks(model: ReturnType<ReturnType<typeof getModel>['build']>): Map<string, tf.Tensor> {
  return new Map(prunableWeights(model).map((w, i) => {
    const mask = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform(w.variable.shape, 0, 1, 'float32', i + 1), 0.95), 'float32'));
    tf.tidy(() => w.variable.assign(tf.mul(w.variable, mask)));
    return [w.variable.name, mask];
  }));
}

/** Mean ms per training step (forward, backward, masked SGD update) at batch `batch`. */
async function timeSteps(name: string, batch: number): Promise<number> {
  await tf.setBackend('torch');
  const model = getModel(name).build({ init: 'vs-h', seed: 1, inputShape: [32, 32, 3], numClasses: 10 });
  const x = tf.tensor4d(uniform(batch * 3072, 5), [batch, 32, 32, 3]);
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32');
  const vars = new Map(model.trainableWeights.map((w) => [w.name, w.read() as tf.Variable]));
  const masks = randomMasks(model);
  const sgd = new MaskedSgd(vars, masks, { momentum: 0.9, weightDecay: 5e-4 });
  const step = () => tf.tidy(() => {
    const { grads } = tf.variableGrads(() => softmaxCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y), [...vars.values()]);
    sgd.step(new Map([...vars].map(([k, v]) => [k, grads[v.name]!])), 0.01);
  });
  for (let i = 0; i < Number(process.env.WARMUP ?? 5); i++) step();
  torchSync();
  fallbackCalls.clear();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  torchSync();
  const ms = (performance.now() - t0) / steps;
  profileStep(name, step);
  if (fallbackCalls.size > 0) log(`${name}: host fallbacks in the timed steps: ${[...fallbackCalls].map(([k, n]) => `${k}×${n}`).join(' ')}`);
  tf.dispose([x, y, ...masks.values()]);
  sgd.dispose();
  model.dispose();
  return ms;
}

/**
 * One step with host timers (no extra syncs): time spent launching each kernel, uploading host
 * values and freeing tensors, and the rest (TF.js and tfjs-layers), to see what the host waits on.
 */
function profileStep(name: string, step: () => void): void {
  const proto = TorchBackend.prototype;
  const { runTorch, move, disposeData } = proto;
  const ms = new Map<string, number>();
  let kernels = 0, uploads = 0, uploadMs = 0, disposeMs = 0;
  proto.runTorch = function (this: TorchBackend, kernel, inputs, attrs) {
    const t0 = performance.now();
    const out = runTorch.call(this, kernel, inputs, attrs);
    ms.set(kernel, (ms.get(kernel) ?? 0) + performance.now() - t0);
    kernels++;
    return out;
  };
  proto.move = function (this: TorchBackend, ...args: Parameters<typeof move>) {
    const t0 = performance.now();
    move.apply(this, args);
    uploadMs += performance.now() - t0;
    uploads++;
  };
  proto.disposeData = function (this: TorchBackend, dataId, force) {
    const t0 = performance.now();
    const r = disposeData.call(this, dataId, force);
    disposeMs += performance.now() - t0;
    return r;
  };
  torchSync();
  const t0 = performance.now();
  step();
  const host = performance.now() - t0;
  torchSync();
  const total = performance.now() - t0;
  Object.assign(proto, { runTorch, move, disposeData });
  const launch = [...ms.values()].reduce((p, q) => p + q, 0);
  const top = [...ms].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, t]) => `${k} ${t.toFixed(1)}`).join(', ');
  log(`${name} profiled step: ${total.toFixed(1)} ms (host ${host.toFixed(1)}): ${kernels} kernels launched in ${launch.toFixed(1)} ms, ` +
    `${uploads} uploads ${uploadMs.toFixed(1)} ms, frees ${disposeMs.toFixed(1)} ms, rest ${(host - launch - uploadMs - disposeMs).toFixed(1)} ms; ` +
    `launch ms by kernel: ${top}`);
}

if (!registerTorchBackend({ device: device as 'cuda' })) throw new Error(`torch backend unavailable: ${torchLoadError()}`);
configureTorch({ cudnnBenchmark: true, tf32: process.env.TF32 === '1' });
log(`torch ${JSON.stringify({ ...torchInfo(), kernels: undefined })}`);
const results: Record<string, unknown> = { device, info: { ...torchInfo(), kernels: undefined }, tf32: process.env.TF32 === '1', steps };
results.lenet5_step_rel_error_vs_cpu = await agreement('lenet5-caffe', [28, 28, 1], 8);
log(`lenet5-caffe step (b8) vs tfjs cpu: max rel error ${(results.lenet5_step_rel_error_vs_cpu as number).toExponential(2)}`);
if (process.env.VGG_CHECK === '1') {
  results.vgg_d_step_rel_error_vs_cpu = await agreement('vgg-d', [32, 32, 3], 2);
  log(`vgg-d step (b2) vs tfjs cpu: max rel error ${(results.vgg_d_step_rel_error_vs_cpu as number).toExponential(2)}`);
}
for (const name of (process.env.MODELS ?? 'vgg-like,vgg-d,wrn-16-8').split(',')) {
  const ms = await timeSteps(name, 128);
  results[`${name}_step_ms_b128`] = ms;
  log(`${name} training step b128 on torch/${device}: ${ms.toFixed(2)} ms`);
}
writeFileSync(join(outDir, 'torch_gpu.json'), JSON.stringify(results, null, 1) + '\n');
