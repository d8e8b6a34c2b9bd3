// The torch backend's other kernels vs cpu: elementwise, reductions, shape ops, batch norm,
// softmax cross-entropy and its gradient, and a small conv + batch-norm training step through
// tfjs-layers (the pieces of VGG/WRN that LeNet-5 lacks). Skips only when libtorch is absent.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { torchSkipReason } from '../../backends/torch/src/test_util.js';
import { assertConforms, makeRng, randomValues } from './harness.js';

// Skips only without libtorch; with libtorch, a torch backend that fails to load fails here.
const skip = torchSkipReason();

const rng = makeRng(5);
const A = randomValues([3, 4, 5], rng);
const B = randomValues([4, 5], rng);
const POS = A.map((v) => Math.abs(v) + 0.1);

const a = () => tf.tensor3d(A, [3, 4, 5]);
const b = () => tf.tensor2d(B, [4, 5]);
const pos = () => tf.tensor3d(POS, [3, 4, 5]);

const OPS: Record<string, () => tf.Tensor[]> = {
  unary: () => [tf.abs(a()), tf.exp(a()), tf.log(pos()), tf.neg(a()), tf.sqrt(pos()), tf.square(a()), tf.relu(a()),
    tf.relu6(tf.mul(a(), 8)), tf.elu(a()), tf.sigmoid(a()), tf.tanh(a()), tf.rsqrt(pos()), tf.reciprocal(pos()),
    tf.step(a(), 0.3), tf.leakyRelu(a(), 0.1), tf.clipByValue(a(), -0.5, 0.4), tf.softplus(a()), tf.sign(a()),
    tf.floor(tf.mul(a(), 3)), tf.round(tf.mul(a(), 3)), tf.selu(a()), tf.log1p(pos()), tf.sin(a()), tf.cos(a())],
  binary: () => [tf.add(a(), b()), tf.sub(a(), b()), tf.mul(a(), b()), tf.div(a(), tf.add(b(), 2)), tf.maximum(a(), b()),
    tf.minimum(a(), b()), tf.squaredDifference(a(), b()), tf.pow(pos(), b()), tf.prelu(a() as tf.Tensor, tf.fill([5], 0.2)),
    tf.cast(tf.greater(a(), b()), 'float32'), tf.cast(tf.equal(tf.sign(a()), tf.sign(b())), 'float32'),
    tf.cast(tf.lessEqual(a(), b()), 'float32'), tf.where(tf.greater(a(), 0), a() as tf.Tensor, b()), tf.addN([a(), a(), a()])],
  reductions: () => [tf.sum(a()), tf.sum(a(), [0, 2]), tf.mean(a(), 1, true), tf.max(a(), -1), tf.min(a(), [0, 1]),
    tf.prod(pos(), 2), tf.cast(tf.argMax(a(), 1), 'float32'), tf.cast(tf.argMin(a(), -1), 'float32'),
    tf.softmax(a()), tf.logSoftmax(a()), tf.cast(tf.sum(tf.cast(tf.greater(a(), 0), 'int32'), 1), 'float32'),
    tf.cast(tf.all(tf.greater(pos(), 0.2), 1), 'float32'), tf.cast(tf.any(tf.greater(a(), 0.9), 2), 'float32')],
  shape: () => [tf.reshape(a(), [12, 5]), tf.transpose(a(), [2, 0, 1]), tf.concat([a(), a()], 1), tf.slice(a(), [1, 0, 2], [2, -1, 2]),
    tf.pad(a(), [[1, 0], [0, 2], [1, 1]], 0.5), tf.tile(b(), [2, 3]), tf.stack([b(), b()], 1), ...tf.unstack(b(), 1),
    ...tf.split(a(), [2, 3], 2), tf.reverse(a(), [0, 2]), tf.gather(a(), tf.tensor1d([2, 0, 2], 'int32'), 1),
    tf.oneHot(tf.tensor1d([0, 3, 9, 4], 'int32'), 5), tf.zerosLike(a()), tf.onesLike(b()), tf.fill([2, 3], 1.5),
    tf.range(0, 7, 2), tf.cast(tf.cast(tf.mul(a(), 4), 'int32'), 'float32'), tf.clone(b()),
    tf.stridedSlice(a(), [0, 1, 0], [3, 4, 5], [2, 1, 2])],
  batchNorm: () => [tf.batchNorm(a(), tf.fill([5], 0.1), tf.fill([5], 0.5), tf.fill([5], -0.2), tf.fill([5], 1.3), 1e-3),
    ...Object.values(tf.moments(a(), [0, 1]))],
  'softmax cross-entropy and its gradient': () => {
    const labels = tf.oneHot(tf.tensor1d([1, 0, 4, 2], 'int32'), 5);
    const logits = tf.reshape(tf.slice(a(), [0, 0, 0], [1, 4, 5]), [4, 5]);
    const loss = (l: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, l);
    return [loss(logits), tf.grad(loss)(logits)];
  },
  'matmul with transposes and fused bias': () => [tf.matMul(b(), b(), false, true), tf.matMul(b(), b(), true, false),
    tf.matMul(a(), tf.transpose(a(), [0, 2, 1])), tf.fused.matMul({ a: b(), b: b(), transposeB: true, bias: tf.fill([4], 0.3), activation: 'relu' })],
};

for (const [name, fn] of Object.entries(OPS)) {
  test(`torch: ${name} match cpu`, { skip }, async () => {
    await assertConforms('torch', name, fn);
  });
}

/** Conv → batch norm → relu → max-pool, strided conv → batch norm → global average → dense. */
function convBnModel(): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 6, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(1) }));
  m.add(tfl.layers.batchNormalization());
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  // No conv biases before batch norm: their gradients are exactly 0 in theory, rounding noise in practice.
  m.add(tfl.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(2) }));
  m.add(tfl.layers.batchNormalization());
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.globalAveragePooling2d({}));
  m.add(tfl.layers.dense({ units: 5, kernelInitializer: init(3) }));
  return m;
}

test('torch: conv + batch-norm training step (loss, grads, BN moving stats) matches cpu', { skip }, async () => {
  const xs = randomValues([4, 8, 8, 3], makeRng(8));
  await assertConforms('torch', 'conv-BN step', () => {
    const model = convBnModel();
    const x = tf.tensor4d(xs, [4, 8, 8, 3]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 4, 2], 'int32'), 5);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
    const stats = model.nonTrainableWeights.map((w) => tf.clone(w.read()));
    const out = [value, ...vars.map((v) => grads[v.name]!), ...stats];
    model.dispose();
    return out;
  });
});
