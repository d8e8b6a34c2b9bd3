// Every native kernel against tfjs-backend-cpu on random shapes (odd sizes, batch 1,
// 1–3 channels, strides 1 and 2, SAME and VALID, every transpose), under each GEMM path.
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { batchNormTraining } from '../../../src/models/fused_batch_norm.js';
import { maskedMatMul } from '../../../src/sparse/masked_mat_mul.js';
import { softmaxCrossEntropy } from '../../../src/train/losses.js';
import { configureNative, nativeInfo } from './index.js';
import { nativeKernelConfigs } from './register_all_kernels.js';
import { sparseKernelCases } from './sparse_kernels_cases.js';
import { compareWithCpu, input, recordNativeCalls, requireNative } from './test_util.js';

requireNative();
const called = recordNativeCalls();
const gemms = nativeInfo()?.gemmImpls ?? [];
const defaultGemm = nativeInfo()?.gemm ?? '';

type Pad = 'same' | 'valid';
const convCases: Array<[n: number, h: number, w: number, c: number, f: number, o: number, s: number, pad: Pad, d: number]> = [
  [1, 7, 9, 1, 3, 4, 1, 'same', 1],
  [2, 9, 7, 3, 5, 5, 1, 'valid', 1],
  [1, 11, 11, 2, 3, 3, 2, 'same', 1],
  [3, 8, 10, 3, 3, 6, 2, 'valid', 1],
  [2, 6, 6, 2, 1, 7, 1, 'valid', 1],
  [1, 9, 9, 1, 3, 2, 1, 'same', 2],
  [2, 12, 12, 20, 5, 17, 1, 'valid', 1],
  [2, 9, 7, 16, 3, 20, 1, 'same', 1], // Winograd F(2×2, 3×3), odd sizes
  [1, 8, 11, 20, 3, 16, 1, 'valid', 1],
];

function convTests() {
  for (const [n, h, w, c, f, o, s, pad, d] of convCases) {
    const name = `x[${n},${h},${w},${c}] f${f}x${f}x${o} s${s} ${pad} d${d}`;
    const x = input([n, h, w, c], n * 7 + h), filt = input([f, f, c, o], f * 13 + o), bias = input([o], o);
    const conv = (xs: tf.Tensor, fs: tf.Tensor) => tf.conv2d(xs as tf.Tensor4D, fs as tf.Tensor4D, s, pad, 'NHWC', d);
    test(`Conv2D ${name}`, () => compareWithCpu(`Conv2D ${name}`, [x, filt], conv));
    // tfjs-core has no gradient for dilated convolutions.
    if (d === 1) test(`Conv2D grads ${name}`, () => {
      const outShape = tf.tidy(() => conv(tf.zeros(x.shape), tf.zeros(filt.shape)).shape);
      const dy = input(outShape, 99);
      return compareWithCpu(`Conv2D grads ${name}`, [x, filt, dy], (xs, fs, dys) => tf.grads(conv)([xs, fs], dys));
    });
    test(`FusedConv2D relu ${name}`, () =>
      compareWithCpu(`FusedConv2D ${name}`, [x, filt, bias], (xs, fs, b) =>
        tf.fused.conv2d({ x: xs as tf.Tensor4D, filter: fs as tf.Tensor4D, strides: s, pad, dilations: d, bias: b, activation: 'relu' })));
  }
}

function matMulTests() {
  const sizes: Array<[number, number, number]> = [[1, 1, 1], [3, 5, 7], [17, 33, 9], [64, 130, 70]];
  for (const [m, k, n] of sizes)
    for (const ta of [false, true])
      for (const tb of [false, true]) {
        const a = input(ta ? [k, m] : [m, k], m + k), b = input(tb ? [n, k] : [k, n], n * 3), bias = input([n], 5);
        const what = `${m}x${k}x${n} tA=${ta} tB=${tb}`;
        test(`MatMul ${what}`, () => compareWithCpu(`MatMul ${what}`, [a, b], (x, y) => tf.matMul(x, y, ta, tb)));
        test(`_FusedMatMul relu ${what}`, () =>
          compareWithCpu(`_FusedMatMul ${what}`, [a, b, bias], (x, y, z) =>
            tf.fused.matMul({ a: x, b: y, transposeA: ta, transposeB: tb, bias: z, activation: 'relu' })));
      }
  test('BatchMatMul with batches and batch broadcast', async () => {
    await compareWithCpu('batch 3', [input([3, 5, 4], 1), input([3, 4, 6], 2)], (a, b) => tf.matMul(a, b));
    await compareWithCpu('broadcast a', [input([1, 5, 4], 1), input([3, 6, 4], 2)], (a, b) => tf.matMul(a, b, false, true));
    await compareWithCpu('broadcast b', [input([2, 3, 4, 5], 1), input([5, 6], 2)], (a, b) => tf.matMul(a, b));
    await compareWithCpu('matmul grads', [input([7, 5], 1), input([5, 3], 2), input([7, 3], 3)], (a, b, dy) =>
      tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y))([a, b], dy));
  });
}

describe('native conformance: GEMM kernels', () => {
  for (const gemm of gemms) {
    describe(`gemm=${gemm}`, () => {
      before(() => assert.ok(configureNative({ gemm })));
      convTests();
      matMulTests();
    });
  }
  after(() => configureNative({ gemm: defaultGemm }));
});

describe('native conformance: pooling', () => {
  const cases: Array<[number[], number, number, Pad]> = [
    [[1, 7, 9, 1], 2, 2, 'valid'], [[2, 8, 8, 3], 2, 2, 'same'], [[1, 9, 7, 2], 3, 2, 'same'],
    [[2, 7, 7, 3], 3, 1, 'valid'], [[1, 5, 5, 2], 3, 1, 'same'], [[1, 7, 7, 2], 3, 3, 'same'], [[2, 9, 8, 3], 2, 2, 'same'],
  ];
  for (const [shape, f, s, pad] of cases) {
    const what = `x[${shape}] ${f}x${f} s${s} ${pad}`;
    const x = input(shape, shape[1] * f + s);
    for (const kind of ['max', 'avg'] as const) {
      const pool = (t: tf.Tensor) => (kind === 'max' ? tf.maxPool : tf.avgPool)(t as tf.Tensor4D, f, s, pad);
      test(`${kind}Pool + grad ${what}`, () => {
        const outShape = tf.tidy(() => pool(tf.zeros(shape)).shape);
        return compareWithCpu(`${kind}Pool ${what}`, [x, input(outShape, 3)], (xs, dy) => [pool(xs), tf.grad(pool)(xs, dy)]);
      });
    }
  }
  test('maxPool 2x2 s2 gradient with ties goes to the first maximum of each window', () => {
    const pool = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid');
    return compareWithCpu('maxPool ties', [input([3, 9, 6, 20], 5), input([3, 4, 3, 20], 6)], (xs, dy) => {
      const coarse = tf.round(tf.mul(xs, 1.5)); // values in {-2..2}: most windows tie
      return [pool(coarse), tf.grad(pool)(coarse, dy)];
    });
  });
});

describe('native conformance: elementwise and reductions', () => {
  const pairs: Array<[number[], number[]]> = [
    [[5], [5]], [[2, 3, 4], [4]], [[2, 3, 4], [2, 1, 4]], [[3, 1], [1, 5]], [[4, 3], []], [[], [7]], [[300, 301], [301]],
    [[3, 200, 301], [3, 1, 301]], // two threads, the second starting mid-way through the outer index
  ];
  for (const [sa, sb] of pairs) {
    test(`Add/Sub/Multiply/RealDiv [${sa}] with [${sb}]`, () =>
      compareWithCpu(`binary [${sa}] [${sb}]`, [input(sa, 1), input(sb, 2)], (a, b) => [
        tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.sub(b, a), tf.div(a, tf.add(tf.abs(b), 0.5)), tf.div(b, tf.add(tf.abs(a), 0.5)),
      ]));
  }
  test('Mean over leading and trailing axes', () =>
    compareWithCpu('mean', [input([4, 5, 6, 8], 1), input([300, 200], 2)], (a, b) => [
      tf.mean(a, [0, 1, 2]), tf.mean(a, [3], true), tf.mean(b, 0), tf.mean(b),
    ]));
  test('FusedBatchNorm (per-channel and scalar parameters) and its gradients', () =>
    compareWithCpu('batchNorm', [input([2, 5, 3, 8], 1), input([8], 2), input([8], 3), input([8], 4), input([8], 5)], (x, m, v, o, s) => {
      const variance = tf.add(tf.abs(v), 0.5);
      const bn = (xs: tf.Tensor, ss: tf.Tensor, os: tf.Tensor) => tf.batchNorm(xs, m, variance, os, ss, 1e-3);
      return [bn(x, s, o), tf.batchNorm(x, tf.scalar(0.1), tf.scalar(2), undefined, undefined, 1e-3), ...tf.grads(bn)([x, s, o])];
    }));
  test('Relu, Step (with alpha) and Square, large and small', () =>
    compareWithCpu('relu/step/square', [input([3, 5], 1), input([257, 129], 2)], (a, b) => [
      tf.relu(a), tf.relu(b), tf.step(a), tf.step(b, 0.3), tf.square(a), tf.square(b),
    ]));
  test('Tile: per-channel vectors to activations (as batch norm\'s gradient), every axis, rank 1', () =>
    compareWithCpu('tile', [input([1, 1, 1, 8], 1), input([2, 3, 5], 2), input([7], 3)], (c, x, v) => [
      tf.tile(c, [4, 9, 9, 1]), tf.tile(x, [2, 1, 3]), tf.tile(x, [1, 4, 1]), tf.tile(v, [3]), tf.tile(tf.reshape(v, [7, 1]), [300, 600]),
    ]));
  test('Sum over leading and trailing axes, keepDims', () =>
    compareWithCpu('sum', [input([4, 5, 6, 7], 1), input([300, 200], 2)], (a, b) => [
      tf.sum(a, [0, 1, 2]), tf.sum(a, [3]), tf.sum(a, [2, 3], true), tf.sum(b, 0), tf.sum(b, 1), tf.sum(a, [1]), tf.sum(b),
    ]));
  test('SnipSoftmaxCrossEntropy (the training loss) and its gradient, one label out of range', () => {
    const labels = tf.tensor1d([3, 0, 6, -1, 2], 'int32');
    return compareWithCpu('softmax cross-entropy', [input([5, 7], 1)], (z) => {
      const { value, grad } = tf.valueAndGrad((l: tf.Tensor) => softmaxCrossEntropy(l, labels))(z);
      return [value, grad];
    });
  });
  test('training-mode batch norm (SnipBatchNormTraining, its gradient) and Relu\'s gradient (SnipReluGrad) vs tfjs-core\'s composition', () =>
    compareWithCpu('batch norm training', [input([3, 5, 4, 6], 1), input([6], 2), input([6], 3), input([3, 5, 4, 6], 4), input([9, 7], 5)], (x, g, b, dy, x2) => {
      const step = (xs: tf.Tensor, gs: tf.Tensor, bs: tf.Tensor) => batchNormTraining(tf.mul(xs, 3), tf.add(gs, 1.5), bs, 1e-5);
      const { y, mean, variance } = step(x!, g!, b!);
      const grads = tf.grads((xs: tf.Tensor, gs: tf.Tensor, bs: tf.Tensor) => tf.sum(tf.mul(tf.relu(step(xs, gs, bs).y), dy!)))([x!, g!, b!]);
      const dense = tf.grads((xs: tf.Tensor) => tf.sum(tf.relu(batchNormTraining(xs, tf.ones([7]), tf.zeros([7]), 1e-3).y)))([x2!]);
      return [y, mean, variance, ...grads, ...dense];
    }));
  test('maskedMatMul (+bias, relu) gradients through the op: SnipReluBiasGrad for the epilogue', () => {
    const mask = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([9, 7], 0, 1, 'float32', 3), 0.5), 'float32')) as tf.Tensor2D;
    return compareWithCpu('relu bias grad', [input([13, 9], 1), input([9, 7], 2), input([7], 3), input([13, 7], 4)], (x, w, b, dy) =>
      tf.grads((xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
        tf.sum(tf.mul(maskedMatMul(xs as tf.Tensor2D, ws as tf.Tensor2D, mask, { bias: bs as tf.Tensor1D, activation: 'relu' }), dy!)))([x!, w!, b!]));
  });
  test('two masked dense layers in a row (the second reads the transpose the first kept) and their gradients', () => {
    const masks = [[9, 7], [7, 5]].map((shape, i) => tf.tidy(() => tf.cast(tf.greater(tf.randomUniform(shape, 0, 1, 'float32', 5 + i), 0.4), 'float32')) as tf.Tensor2D);
    return compareWithCpu('chained masked layers', [input([13, 9], 1), input([9, 7], 2), input([7, 5], 3), input([7], 4)], (x, w1, w2, b1) =>
      tf.grads((xs: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => {
        const h = maskedMatMul(xs as tf.Tensor2D, a as tf.Tensor2D, masks[0]!, { bias: b1 as tf.Tensor1D, activation: 'relu' });
        return tf.sum(tf.square(maskedMatMul(h, b as tf.Tensor2D, masks[1]!)));
      })([x!, w1!, w2!]));
  });
  test('a weight gradient recycled for the same mask (written at kept positions only) is zero elsewhere', async () => {
    await tf.setBackend('native');
    const mask = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([40, 30], 0, 1, 'float32', 9), 0.9), 'float32')) as tf.Tensor2D;
    const w = tf.randomNormal([40, 30], 0, 1, 'float32', 10) as tf.Tensor2D;
    for (let round = 0; round < 4; round++) {
      const x = tf.randomNormal([16, 40], 0, 1, 'float32', 20 + round) as tf.Tensor2D;
      const got = tf.grad((ww: tf.Tensor) => tf.sum(tf.square(maskedMatMul(x, ww as tf.Tensor2D, mask))))(w);
      const want = tf.tidy(() => tf.mul(tf.grad((ww: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, tf.mul(ww, mask)))))(w), mask));
      const [g, r] = [got.dataSync(), want.dataSync()];
      for (let i = 0; i < g.length; i++) assert.ok(Math.abs(g[i]! - r[i]!) <= 1e-4 * (1 + Math.abs(r[i]!)), `round ${round}, dw[${i}] ${g[i]} vs ${r[i]}`);
      tf.dispose([x, got, want]); // the gradient's array goes back to the pool for the next round
    }
    tf.dispose([mask, w]);
  });
  test('SplitV along each axis, Transpose of every rank-2..4 permutation kind', () =>
    compareWithCpu('split/transpose', [input([3, 5, 7], 1), input([2, 3, 4, 5], 2)], (a, b) => [
      ...tf.split(a, [2, 3], 1), ...tf.split(a, [1, 4, 2], 2), ...tf.split(a, 3, 0),
      tf.transpose(a, [1, 0, 2]), tf.transpose(a, [2, 1, 0]), tf.transpose(b, [0, 3, 1, 2]), tf.transpose(b, [3, 2, 1, 0]),
      tf.transpose(tf.reshape(a, [15, 7])),
    ]));
});

describe('native conformance: sparse kernels (vs the dense masked computation)', () => {
  for (const c of sparseKernelCases) test(c.name, () => compareWithCpu(c.name, c.inputs, c.fn));
});

test('every native kernel ran natively somewhere above', () => {
  const names = nativeKernelConfigs.map((k) => k.kernelName);
  assert.deepEqual(names.filter((name) => !called.has(name)), []);
});
