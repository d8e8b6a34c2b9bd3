// The masked matmul op (src/sparse) on every backend vs the dense masked computation on cpu:
// forward, dx and dw to 1e-5 (max-norm relative), on random shapes and masks; the sparse
// kernels (native) must also give exactly zero weight gradients at pruned positions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel, SnipMaskedMatMul } from '../../src/sparse/kernel_names.js';
import { maskedMatMul } from '../../src/sparse/masked_mat_mul.js';
import { selectBackend } from '../../backends/registry.js';
import { backendsUnderTest, makeRng, randInt, randomValues, relError, runOn, REFERENCE } from './harness.js';
import type { Rng } from '../../src/util/rng.js';

const RTOL = 1e-5;
const DENSITIES = [0, 0.01, 0.05, 0.3, 1];

function randomMask(size: number, density: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: size }, () => (rng() < density ? 1 : 0));
}

// y = x·(w⊙m), and the gradients of Σ y⊙r with respect to x and w.
function forwardAndGrads(x: tf.Tensor2D, w: tf.Tensor2D, mask: tf.Tensor2D, r: tf.Tensor2D, sparse: boolean): tf.Tensor[] {
  const f = (xx: tf.Tensor2D, ww: tf.Tensor2D) => (sparse ? maskedMatMul(xx, ww, mask) : tf.matMul(xx, tf.mul(ww, mask)));
  const [dx, dw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(f(xx as tf.Tensor2D, ww as tf.Tensor2D), r)))([x, w]);
  return [f(x, w), dx!, sparse ? dw! : tf.mul(dw!, mask)];
}

// Backends with the sparse kernels, and cpu for the tf-ops fallback.
const backends = [REFERENCE];
for (const b of await backendsUnderTest()) {
  await selectBackend(b, () => {});
  if (backendHasKernel(SnipMaskedMatMul)) backends.push(b);
}
assert.ok(!(await backendsUnderTest()).includes('native') || backends.includes('native'), 'native lacks SnipMaskedMatMul');

for (const backend of backends) {
  test(`${backend}: maskedMatMul forward, dx and dw equal the dense masked product (random shapes and masks)`, async () => {
    const rng = makeRng(9);
    const shapes: [number, number, number][] = [[1, 1, 1], [1, 784, 300], [100, 300, 100], [3, 17, 5]];
    for (let i = 0; i < 4; ++i) shapes.push([randInt(rng, 1, 130), randInt(rng, 1, 200), randInt(rng, 1, 70)]);
    for (const [M, K, N] of shapes) {
      for (const density of DENSITIES) {
        const xv = randomValues([M, K], rng), wv = randomValues([K, N], rng), rv = randomValues([M, N], rng);
        const mv = randomMask(K * N, density, rng);
        const run = (sparse: boolean) => () => forwardAndGrads(
          tf.tensor2d(xv, [M, K]), tf.tensor2d(wv, [K, N]), tf.tensor2d(mv, [K, N]), tf.tensor2d(rv, [M, N]), sparse);
        const want = await runOn(REFERENCE, run(false));
        const got = await runOn(backend, run(true));
        ['y', 'dx', 'dw'].forEach((name, k) => {
          const err = relError(got[k]!, want[k]!);
          assert.ok(err <= RTOL, `${backend} M=${M} K=${K} N=${N} density=${density} ${name}: relative error ${err.toExponential(2)}`);
        });
        got[2]!.forEach((g, j) => assert.ok(mv[j] === 1 || g === 0, `dw at pruned ${j} is ${g}`));
      }
    }
  });
}
