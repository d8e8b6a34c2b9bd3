// The masked matmul op (src/sparse) on every backend vs the dense masked computation on cpu:
// forward (bias and relu fused or not), dx, dw and db to 1e-5 (max-norm relative), on random shapes and masks; the sparse
// kernels (native) must also give exactly zero weight gradients at pruned positions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel, SnipMaskedMatMul, type SnipConvAttrs } from '../../src/sparse/kernel_names.js';
import { maskedConv2d } from '../../src/sparse/masked_conv2d.js';
import { maskedMatMul } from '../../src/sparse/masked_mat_mul.js';
import { selectBackend } from '../../backends/registry.js';
import { backendsUnderTest, makeRng, randInt, randomValues, relError, runOn, REFERENCE } from './harness.js';
import type { Rng } from '../../src/util/rng.js';

const RTOL = 1e-5;
const DENSITIES = [0, 0.01, 0.05, 0.3, 1];

function randomMask(size: number, density: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: size }, () => (rng() < density ? 1 : 0));
}

// act(p + b) as the layers compose it, for the dense reference.
function epilogueRef(p: tf.Tensor, b: tf.Tensor, relu: boolean): tf.Tensor {
  const y = tf.add(p, b);
  return relu ? tf.relu(y) : y;
}

// y = relu?(x·(w⊙m) + b), and the gradients of Σ y⊙r with respect to x, w and b.
function forwardAndGrads(x: tf.Tensor2D, w: tf.Tensor2D, mask: tf.Tensor2D, r: tf.Tensor2D, b: tf.Tensor1D, relu: boolean, sparse: boolean): tf.Tensor[] {
  const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => (sparse
    ? maskedMatMul(xx as tf.Tensor2D, ww as tf.Tensor2D, mask, { bias: bb as tf.Tensor1D, activation: relu ? 'relu' : 'linear' })
    : epilogueRef(tf.matMul(xx as tf.Tensor2D, tf.mul(ww, mask) as tf.Tensor2D), bb, relu));
  const [dx, dw, db] = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx, ww, bb), r)))([x, w, b]);
  return [f(x, w, b), dx!, sparse ? dw! : tf.mul(dw!, mask), db!];
}

// Backends with the sparse kernels, and cpu for the tf-ops fallback.
const backends = [REFERENCE];
for (const b of await backendsUnderTest()) {
  await selectBackend(b, () => {});
  if (backendHasKernel(SnipMaskedMatMul)) backends.push(b);
}
assert.ok(!(await backendsUnderTest()).includes('native') || backends.includes('native'), 'native lacks SnipMaskedMatMul');

for (const backend of backends) {
  test(`${backend}: maskedMatMul forward (bias, relu), dx, dw and db equal the dense masked product (random shapes and masks)`, async () => {
    const rng = makeRng(9);
    const shapes: [number, number, number][] = [[1, 1, 1], [1, 784, 300], [100, 300, 100], [3, 17, 5]];
    for (let i = 0; i < 4; ++i) shapes.push([randInt(rng, 1, 130), randInt(rng, 1, 200), randInt(rng, 1, 70)]);
    for (const [M, K, N] of shapes) {
      for (const density of DENSITIES) {
        const xv = randomValues([M, K], rng), wv = randomValues([K, N], rng), rv = randomValues([M, N], rng), bv = randomValues([N], rng);
        const mv = randomMask(K * N, density, rng);
        const relu = rng() < 0.5;
        const run = (sparse: boolean) => () => forwardAndGrads(
          tf.tensor2d(xv, [M, K]), tf.tensor2d(wv, [K, N]), tf.tensor2d(mv, [K, N]), tf.tensor2d(rv, [M, N]), tf.tensor1d(bv), relu, sparse);
        const want = await runOn(REFERENCE, run(false));
        const got = await runOn(backend, run(true));
        ['y', 'dx', 'dw', 'db'].forEach((name, k) => {
          const err = relError(got[k]!, want[k]!);
          assert.ok(err <= RTOL, `${backend} M=${M} K=${K} N=${N} density=${density} relu=${relu} ${name}: relative error ${err.toExponential(2)}`);
        });
        got[2]!.forEach((g, j) => assert.ok(mv[j] === 1 || g === 0, `dw at pruned ${j} is ${g}`));
      }
    }
  });
}

// y = relu?(conv2d(x, w⊙m) + b), and the gradients of Σ y⊙r with respect to x, w and b.
function convForwardAndGrads(x: tf.Tensor4D, w: tf.Tensor4D, mask: tf.Tensor4D, r: tf.Tensor4D, b: tf.Tensor1D, relu: boolean, attrs: SnipConvAttrs, sparse: boolean): tf.Tensor[] {
  const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => (sparse
    ? maskedConv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, mask, attrs, { bias: bb as tf.Tensor1D, activation: relu ? 'relu' : 'linear' })
    : epilogueRef(tf.conv2d(xx as tf.Tensor4D, tf.mul(ww, mask) as tf.Tensor4D, attrs.strides, attrs.pad, 'NHWC', attrs.dilations), bb, relu));
  const [dx, dw, db] = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx, ww, bb), r)))([x, w, b]);
  return [f(x, w, b), dx!, sparse ? dw! : tf.mul(dw!, mask), db!];
}

for (const backend of backends) {
  test(`${backend}: maskedConv2d forward (bias, relu), dx, dw and db equal the dense masked convolution (random geometry and masks)`, async () => {
    const rng = makeRng(11);
    for (let i = 0; i < 6; ++i) {
      const [b, h, wd, cin, cout, f] = [randInt(rng, 1, 3), randInt(rng, 4, 12), randInt(rng, 4, 12), randInt(rng, 1, 6), randInt(rng, 1, 9), randInt(rng, 1, 5)];
      const attrs: SnipConvAttrs = { strides: [randInt(rng, 1, 2), randInt(rng, 1, 2)], pad: i % 2 === 0 ? 'same' : 'valid', dilations: [1, 1] }; // tfjs has no dilated conv gradient to compare with
      const fh = Math.min(f, h), fw = Math.min(f, wd);
      const xShape: [number, number, number, number] = [b, h, wd, cin], wShape: [number, number, number, number] = [fh, fw, cin, cout];
      const outShape = tf.tidy(() => tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.zeros(wShape) as tf.Tensor4D, attrs.strides, attrs.pad, 'NHWC', attrs.dilations).shape);
      for (const density of DENSITIES) {
        const xv = randomValues(xShape, rng), wv = randomValues(wShape, rng), rv = randomValues(outShape, rng), bv = randomValues([cout], rng);
        const mv = randomMask(wv.length, density, rng);
        const relu = rng() < 0.5;
        const run = (sparse: boolean) => () => convForwardAndGrads(
          tf.tensor4d(xv, xShape), tf.tensor4d(wv, wShape), tf.tensor4d(mv, wShape), tf.tensor4d(rv, outShape as [number, number, number, number]),
          tf.tensor1d(bv), relu, attrs, sparse);
        const want = await runOn(REFERENCE, run(false));
        const got = await runOn(backend, run(true));
        ['y', 'dx', 'dw', 'db'].forEach((name, k) => {
          const err = relError(got[k]!, want[k]!);
          assert.ok(err <= RTOL, `${backend} x=${xShape} w=${wShape} ${JSON.stringify(attrs)} density=${density} ${name}: relative error ${err.toExponential(2)}`);
        });
        got[2]!.forEach((g, j) => assert.ok(mv[j] === 1 || g === 0, `dw at pruned ${j} is ${g}`));
      }
    }
  });
}
