// The training loop reads loss and accuracy from the device once per log window: the logged
// means must equal the per-step values, and a non-finite loss must still name its iteration.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../../test/helpers/cpu.js';
import type { Dataset, Split } from '../data/dataset.js';
import { trainableVariables } from '../masks/prunable.js';
import { makeRng } from '../util/rng.js';
import { initialState, train, type BatchSource, type StepLog, type TrainOptions } from './fit.js';
import { softmaxCrossEntropy } from './losses.js';
import { MaskedSgd } from './sgd.js';

before(useCpu);

const BATCH = 4;
const SHAPE = [3, 3, 1];

function split(n: number, seed: number): Split {
  const rng = makeRng(seed);
  return { x: Float32Array.from({ length: n * 9 }, () => rng() - 0.5), y: Int32Array.from({ length: n }, (_, i) => i % 3), count: n };
}

const data: Dataset = { name: 'tiny', inputShape: SHAPE, numClasses: 3, train: split(32, 1), val: split(8, 2), test: split(8, 3), normalisation: { mean: [0], std: [1] } };

function net(): tfl.LayersModel {
  return tfl.sequential({ layers: [
    tfl.layers.flatten({ inputShape: SHAPE }),
    tfl.layers.dense({ units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
  ] });
}

/** Batch t: examples 4t..4t+3 (mod 32); `poisonFrom` makes the inputs NaN from that iteration on. */
function batches(poisonFrom = Infinity): BatchSource {
  return {
    batchAt: (t) => {
      const start = (t * BATCH) % data.train.count;
      const x = data.train.x.slice(start * 9, (start + BATCH) * 9);
      return { x: t >= poisonFrom ? x.fill(Number.NaN) : x, y: data.train.y.slice(start, start + BATCH), n: BATCH };
    },
  };
}

const OPTS: TrainOptions = { iterations: 6, batchSize: BATCH, lr: 0.1, lrDecayEvery: 1000, lrDecayFactor: 0.1, lrSchedule: 'step' as const, warmup: 0, momentum: 0.9, weightDecay: 0, validateEvery: 1000, logEvery: 3 };

async function run(source: BatchSource, opts: TrainOptions): Promise<StepLog[]> {
  const model = net();
  const variables = trainableVariables(model);
  const sgd = new MaskedSgd(variables, new Map(), { momentum: opts.momentum, weightDecay: opts.weightDecay });
  const logs: StepLog[] = [];
  try {
    await train(model, data, source, softmaxCrossEntropy, sgd, variables, opts, initialState(), { onLog: (l) => logs.push(l) });
  } finally {
    sgd.dispose();
    model.dispose();
  }
  return logs;
}

test('logged loss of each window is the mean of the per-step losses (one window read per log)', async () => {
  const per = await run(batches(), { ...OPTS, logEvery: 1 });
  const windowed = await run(batches(), OPTS);
  assert.deepEqual(windowed.map((l) => l.iteration), [3, 6]);
  [0, 1].forEach((w) => {
    const steps = per.slice(3 * w, 3 * w + 3);
    const mean = steps.reduce((s, l) => s + l.loss, 0) / 3;
    assert.ok(Math.abs(windowed[w]!.loss - mean) < 1e-12, `window ${w}: ${windowed[w]!.loss} vs ${mean}`);
    assert.equal(windowed[w]!.accuracy, steps.reduce((s, l) => s + l.accuracy, 0) / 3);
  });
});

test('a NaN loss inside a log window is reported with the iteration it happened at', async () => {
  const before = tf.memory().numTensors;
  await assert.rejects(run(batches(4), { ...OPTS, logEvery: 6 }), /training loss became NaN at iteration 5; lower --lr/);
  assert.equal(tf.memory().numTensors, before, 'the pending loss tensors are freed');
});
