// A short CIFAR-10 run of a SNIP-pruned AlexNet-s through the real training loop (masked SGD,
// BN in training mode). On two shared CPU cores (wasm) one batch-128 step of the smallest CIFAR
// network takes 10–25 s, so a run that lifts *test* accuracy does not fit a unit test: this one
// trains on a 32-image subset of the real training set and checks that the pruned network
// learns it (loss falls, subset accuracy goes from chance to well above it) with pruned
// weights held at zero. The generalisation check is a CLI run (`snip train`), not a unit test.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../backends/registry.js';
import { gatherBatch } from '../data/batches.js';
import { cifar10, cifar10CacheDir } from '../data/cifar10.js';
import { trainableVariables } from '../masks/prunable.js';
import { prune } from '../prune.js';
import { initialState, train, type StepLog } from '../train/fit.js';
import { softmaxCrossEntropy } from '../train/losses.js';
import { MaskedSgd } from '../train/sgd.js';
import { alexnetS } from './alexnet.js';

const N = 32;
const STEPS = 6;

test(`SNIP-pruned AlexNet-s (90%) learns a ${N}-image CIFAR-10 subset in ${STEPS} steps`, async (t) => {
  if (!existsSync(join(cifar10CacheDir(), 'test_batch.bin'))) return t.skip(`no CIFAR-10 cache at ${cifar10CacheDir()}`);
  await selectBackend('wasm', () => {});
  const data = await cifar10.load({ seed: 1, valFraction: 0.1 });
  const subset = gatherBatch(data.train, Int32Array.from({ length: N }, (_, i) => i));
  const model = alexnetS.build({ init: 'vs-h', seed: 1, inputShape: data.inputShape, numClasses: data.numClasses });
  const x = tf.tensor(subset.x, [N, ...data.inputShape]);
  const y = tf.tensor1d(subset.y, 'int32');
  const { masks, kept, total } = await prune(model, { x, y }, { sparsity: 0.9 });
  tf.dispose([x, y]);
  assert.equal(kept, Math.round(0.1 * total));

  const variables = trainableVariables(model);
  const sgd = new MaskedSgd(variables, masks, { momentum: 0.9, weightDecay: 5e-4 });
  const logs: StepLog[] = [];
  await train(model, { ...data, val: { x: subset.x, y: subset.y, count: N } }, { batchAt: () => subset }, softmaxCrossEntropy, sgd, variables, {
    iterations: STEPS, batchSize: N, lr: 0.05, lrDecayEvery: 30_000, lrDecayFactor: 0.1, lrSchedule: 'step' as const, warmup: 0,
    momentum: 0.9, weightDecay: 5e-4, validateEvery: STEPS, logEvery: 1,
  }, initialState(), {
    onLog: (l) => { logs.push(l); },
  });
  sgd.dispose();

  // Pruned weights stayed zero through training.
  for (const [key, v] of variables) {
    const m = masks.get(key);
    if (!m) continue;
    const w = v.dataSync();
    m.dataSync().forEach((keep, i) => { if (keep === 0) assert.ok(w[i] === 0, key); });
  }
  const first = logs[0];
  const last = logs[logs.length - 1];
  assert.ok(last.loss < 0.5 * first.loss, `loss ${first.loss.toFixed(3)} → ${last.loss.toFixed(3)}`);
  assert.ok(last.accuracy >= 0.5, `training accuracy on the subset ${last.accuracy} (chance 0.1)`);
  for (const m of masks.values()) m.dispose();
  model.dispose();
});
