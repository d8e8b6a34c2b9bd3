// Whole training steps on every backend vs cpu: loss, every gradient (via tf.variableGrads) and
// the weights after one SGD-momentum update, for LeNet-5-Caffe and a small VGG-style block.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { getModel } from '../../src/models/registry.js';
import { assertConforms, backendsUnderTest, makeRng, randomValues } from './harness.js';

const BATCH = 3; // small: the cpu reference is slow on convolutions

/** W3's layer pattern at a size the cpu reference runs quickly: conv3×3 SAME+ReLU ×2, pool, dense. */
function smallVgg(): tfl.LayersModel {
  const conv = (filters: number, seed: number) => tfl.layers.conv2d({
    filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed }),
  });
  return tfl.sequential({ layers: [
    tfl.layers.inputLayer({ inputShape: [28, 28, 1] }), conv(4, 1), conv(6, 2),
    tfl.layers.maxPooling2d({ poolSize: 2 }), tfl.layers.flatten(),
    tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
  ] });
}

const MODELS: Record<string, () => tfl.LayersModel> = {
  'LeNet-5-Caffe': () => getModel('lenet5-caffe').build({ init: 'vs-h', seed: 1, inputShape: [28, 28, 1], numClasses: 10 }),
  'small VGG block': smallVgg,
};

function trainingStep(build: () => tfl.LayersModel, xs: Float32Array, labels: number[]): tf.Tensor[] {
  const model = build();
  const x = tf.tensor4d(xs, [BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
  const gradList = vars.map((v) => grads[v.name]!);
  const optimizer = tf.train.momentum(0.1, 0.9);
  optimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
  const updated = vars.map((v) => tf.clone(v));
  optimizer.dispose();
  model.dispose();
  return [value, ...gradList, ...updated];
}

const backends = await backendsUnderTest();

for (const backend of backends) {
  for (const [name, build] of Object.entries(MODELS)) {
    test(`${backend}: ${name} training step (loss, grads, momentum update) matches cpu`, async () => {
      const rng = makeRng(21);
      const xs = randomValues([BATCH, 28, 28, 1], rng).map((v) => (v + 1) / 2);
      const labels = Array.from({ length: BATCH }, (_, i) => (i * 7) % 10);
      // tf.train.momentum keeps one scalar after dispose() (tfjs-core 4.22): a known leak per run.
      await assertConforms(backend, `${name} step`, () => trainingStep(build, xs, labels), 1);
    });
  }
}

if (backends.length === 0) test('training-step conformance: no backend besides cpu available', { skip: true }, () => {});
