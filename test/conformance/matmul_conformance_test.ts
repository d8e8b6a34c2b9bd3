// matMul (BatchMatMul) and fused matMul (_FusedMatMul) with every transpose combination,
// rank 2 and 3, on every backend vs cpu.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertConforms, backendsUnderTest, makeRng, randomValues } from './harness.js';

const SIZES: [number, number, number][] = [[1, 1, 1], [7, 5, 3], [33, 17, 9], [100, 784, 300], [64, 8192, 10]];
const FLAGS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

function operandShape(batch: number[], rows: number, cols: number, transposed: boolean): number[] {
  return [...batch, ...(transposed ? [cols, rows] : [rows, cols])];
}

const backends = await backendsUnderTest();

for (const backend of backends) {
  test(`${backend}: matMul and fused matMul, all transpose combinations, match cpu`, async () => {
    const rng = makeRng(5);
    for (const [m, k, n] of SIZES) {
      for (const [batchA, batchB] of [[[], []], [[3], [3]], [[3], []]]) {
        if (batchA!.length > 0 && m * k > 10000) continue;
        for (const [ta, tb] of FLAGS) {
          const aShape = operandShape(batchA!, m, k, ta);
          const bShape = operandShape(batchB!, k, n, tb);
          const av = randomValues(aShape, rng);
          const bv = randomValues(bShape, rng);
          const biasV = randomValues([n], rng);
          await assertConforms(backend, `matMul a=${aShape} b=${bShape} ta=${ta} tb=${tb}`, () => {
            const a = tf.tensor(av, aShape);
            const b = tf.tensor(bv, bShape);
            const bias = tf.tensor1d(biasV);
            return [tf.matMul(a, b, ta, tb), tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation: 'relu' })];
          });
        }
      }
    }
  });
}

if (backends.length === 0) test('matMul conformance: no backend besides cpu available', { skip: true }, () => {});
