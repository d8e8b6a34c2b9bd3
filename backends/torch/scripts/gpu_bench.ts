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
import { compileStep, eagerStep, type CompiledStep } from '../../../src/train/compiled_step.js';
import { MaskedSgd } from '../../../src/train/sgd.js';
import { softmaxCrossEntropy } from '../../../src/train/losses.js';
import { configureTorch, fallbackCalls, registerTorchBackend, TorchBackend, torchInfo, torchLoadError, torchSync } from '../src/index.js';
import { compareStepValues, relError, trainingStepValues } from './step_values.js';
import { uniform } from './uniform.js';

const outDir = process.argv[2] ?? '.';
const device = process.env.SNIP_TORCH_DEVICE ?? 'cuda';
const steps = Number(process.env.STEPS ?? 30);
const log = (s: string) => process.stdout.write(s + '\n');


/** max over tensors of relError; the floor keeps all-but-zero tensors (a conv bias before batch norm gets only rounding noise as gradient) from dominating. */
function maxRelError(a: Float32Array[], b: Float32Array[], floor = 0): number {
  return a.reduce((worst, x, k) => Math.max(worst, relError(x, b[k]!, floor)), 0);
}

/** One step on torch against tfjs cpu: the worst per-tensor relative error (biases that only feed a batch norm, rounding noise, apart). */
async function agreement(name: string, shape: number[], batch: number): Promise<{ worst: number; tensor: string; noiseWorst: number }> {
  await tf.setBackend('cpu');
  const want = trainingStepValues(name, shape, batch);
  await tf.setBackend('torch');
  const { real, noise } = compareStepValues(trainingStepValues(name, shape, batch), want);
  return { worst: real[0]![1], tensor: real[0]![0], noiseWorst: noise[0]?.[1] ?? 0 };
}

/** Masks keeping a random 5% of each prunable weight (the pruned weights zeroed), keyed by variable name. */
function randomMasks(model: ReturnType<ReturnType<typeof getModel>['build']>): Map<string, tf.Tensor> {
  return new Map(prunableWeights(model).map((w, i) => {
    const mask = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform(w.variable.shape, 0, 1, 'float32', i + 1), 0.95), 'float32'));
    tf.tidy(() => w.variable.assign(tf.mul(w.variable, mask)));
    return [w.variable.name, mask];
  }));
}

/** A model at 95% random sparsity, its masked SGD and a training step compiled or eager; inputs x, y, lr (as `snip train` steps take them). */
function setup(name: string, shape: number[], graph: boolean) {
  const model = getModel(name).build({ init: 'vs-h', seed: 1, inputShape: shape, numClasses: 10 });
  const vars = new Map(model.trainableWeights.map((w) => [w.name, w.read() as tf.Variable]));
  const masks = randomMasks(model);
  const sgd = new MaskedSgd(vars, masks, { momentum: 0.9, weightDecay: 5e-4 });
  const fn = ([x, y, lr]: tf.Tensor[]) => {
    const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(model.apply(x!, { training: true }) as tf.Tensor, y as tf.Tensor1D), [...vars.values()]);
    sgd.stepNamed(grads, lr as tf.Scalar);
    return [value];
  };
  const step: CompiledStep<Record<string, never>> = graph ? compileStep(fn, { updatesVariables: true }) : eagerStep(fn);
  const dispose = () => { step.dispose(); tf.dispose([...masks.values()]); sgd.dispose(); model.dispose(); };
  return { model, vars, step, dispose };
}

/** A step's inputs: a batch from `seed` and the learning rate as a scalar tensor. */
function batchOf(shape: number[], batch: number, seed: number, lr: number): tf.Tensor[] {
  return [tf.tensor(uniform(batch * shape.reduce((a, b) => a * b), seed), [batch, ...shape]), tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * 7 + seed) % 10), 'int32'), tf.scalar(lr)];
}

/**
 * Weights after 7 steps (a new batch and a new learning rate each step, so the one captured
 * graph is replayed with new inputs and rates), CUDA graph against eager, max relative error.
 */
async function graphAgreement(name: string, shape: number[], batch: number): Promise<{ error: number; lossError: number; mode: string }> {
  await tf.setBackend('torch');
  const run = (graph: boolean) => {
    const s = setup(name, shape, graph);
    const losses: tf.Tensor[] = [];
    for (let t = 0; t < 7; t++) {
      const inputs = batchOf(shape, batch, t + 1, 0.05 / (1 + t));
      losses.push(...s.step.run(inputs, {}));
      tf.dispose(inputs);
    }
    const out = [...losses.map((l) => l.dataSync() as Float32Array), ...[...s.vars.values()].map((v) => v.dataSync() as Float32Array)];
    const mode = s.step.mode;
    tf.dispose(losses);
    s.dispose();
    return { out, mode };
  };
  // Deterministic cuDNN algorithms: otherwise atomics in the backward convolutions make two
  // eager runs differ too, and batch norm at batch 16 amplifies that over the steps.
  configureTorch({ cudnnBenchmark: false, deterministic: true });
  const eager = run(false);
  const graph = run(true);
  configureTorch({ cudnnBenchmark: true, deterministic: false });
  log(`${name} losses, eager: ${eager.out.slice(0, 7).map((l) => l[0]!.toFixed(5)).join(' ')}; graph: ${graph.out.slice(0, 7).map((l) => l[0]!.toFixed(5)).join(' ')}`);
  // Losses exactly; weights with a floor of 1e-3 (the weights are O(0.1)).
  return { error: maxRelError(graph.out.slice(7), eager.out.slice(7), 1e-3), lossError: maxRelError(graph.out.slice(0, 7), eager.out.slice(0, 7)), mode: graph.mode };
}

/** Mean ms per training step (forward, backward, masked SGD update) at batch `batch`. */
async function timeSteps(name: string, batch: number, graph: boolean): Promise<number> {
  await tf.setBackend('torch');
  const s = setup(name, [32, 32, 3], graph);
  const inputs = batchOf([32, 32, 3], batch, 5, 0.01);
  const step = () => tf.dispose(s.step.run(inputs, {}));
  for (let i = 0; i < Number(process.env.WARMUP ?? 5); i++) step();
  torchSync();
  fallbackCalls.clear();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  torchSync();
  const ms = (performance.now() - t0) / steps;
  if (!graph) profileStep(name, step);
  if (fallbackCalls.size > 0) log(`${name}: host fallbacks in the timed steps: ${[...fallbackCalls].map(([k, n]) => `${k}×${n}`).join(' ')}`);
  if (graph) log(`${name}: steps ran as ${s.step.mode}`);
  tf.dispose(inputs);
  s.dispose();
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
const lenet = await agreement('lenet5-caffe', [28, 28, 1], 8);
results.lenet5_step_rel_error_vs_cpu = lenet.worst;
log(`lenet5-caffe step (b8) vs tfjs cpu: max rel error ${lenet.worst.toExponential(2)} (${lenet.tensor})`);
if (process.env.VGG_CHECK === '1') {
  const batch = Number(process.env.VGG_CHECK_BATCH ?? 4);
  const vgg = await agreement('vgg-d', [32, 32, 3], batch);
  results.vgg_d_step_rel_error_vs_cpu = vgg.worst;
  results.vgg_d_step_check = { batch, ...vgg };
  log(`vgg-d step (b${batch}) vs tfjs cpu: max rel error ${vgg.worst.toExponential(2)} (${vgg.tensor}); biases that only feed a batch norm (rounding noise) ${vgg.noiseWorst.toExponential(2)}`);
}
for (const [name, shape, batch] of [['lenet5-caffe', [28, 28, 1], 32], ['vgg-d', [32, 32, 3], 16]] as const) {
  const { error, lossError, mode } = await graphAgreement(name, [...shape], batch);
  results[`${name}_graph_vs_eager_rel_error`] = error;
  results[`${name}_graph_vs_eager_loss_rel_error`] = lossError;
  log(`${name}: 7 steps (b${batch}) as ${mode} vs eager: losses max rel error ${lossError.toExponential(2)}, weights ${error.toExponential(2)}`);
}
// MODELS= (empty) runs the checks alone.
for (const name of (process.env.MODELS ?? 'vgg-like,vgg-d,wrn-16-8').split(',').filter(Boolean)) {
  for (const graph of [true, false]) {
    const ms = await timeSteps(name, 128, graph);
    results[`${name}_step_ms_b128${graph ? '' : '_eager'}`] = ms;
    log(`${name} training step b128 on torch/${device}${graph ? ' (CUDA graph)' : ' (eager)'}: ${ms.toFixed(2)} ms`);
  }
}
writeFileSync(join(outDir, 'torch_gpu.json'), JSON.stringify(results, null, 1) + '\n');
