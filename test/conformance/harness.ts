// Shared by the conformance suites: which backends to test, running one computation on a
// backend, and comparing with tfjs-backend-cpu (the reference).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers' node bundle registers every tfjs-core gradient (the core node bundle does not).
import '@tensorflow/tfjs-layers';
import { listBackends, selectBackend, type BackendName } from '../../backends/registry.js';
import { makeRng, type Rng } from '../../src/util/rng.js';

export const REFERENCE: BackendName = 'cpu';
export const RTOL = 1e-4; // float32: max |ours − cpu| ≤ RTOL · max |cpu|

/** Every available backend except the reference. */
export async function backendsUnderTest(): Promise<BackendName[]> {
  const all = await listBackends();
  return all.filter((b) => b.available && b.name !== REFERENCE).map((b) => b.name);
}

/**
 * Runs `fn` on `backend` and returns its outputs' values (tensors are disposed). Asserts that
 * neither tensors nor backend buffers leaked, beyond `knownLeaks` that `fn` itself causes.
 */
export async function runOn(backend: BackendName, fn: () => tf.Tensor[], knownLeaks = 0): Promise<Float32Array[]> {
  await selectBackend(backend, () => {});
  const tensors = tf.memory().numTensors;
  const buffers = tf.backend().numDataIds();
  const outs = tf.tidy(fn);
  const values = await Promise.all(outs.map((t) => t.data<'float32'>()));
  tf.dispose(outs);
  assert.equal(tf.memory().numTensors - tensors, knownLeaks, `${backend}: tensors leaked`);
  assert.equal(tf.backend().numDataIds() - buffers, knownLeaks, `${backend}: backend buffers leaked`);
  return values.map((v) => Float32Array.from(v));
}

/** Relative max-norm error of `actual` against `expected`. */
export function relError(actual: Float32Array, expected: Float32Array): number {
  assert.equal(actual.length, expected.length, 'output sizes differ');
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Runs `fn` on `backend` and on the reference and asserts every output agrees to RTOL. */
export async function assertConforms(
  backend: BackendName, what: string, fn: () => tf.Tensor[], knownLeaks = 0,
): Promise<void> {
  const expected = await runOn(REFERENCE, fn, knownLeaks);
  const actual = await runOn(backend, fn, knownLeaks);
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    const err = relError(a, expected[i]!);
    assert.ok(err <= RTOL, `${backend} ${what} output ${i}: relative error ${err.toExponential(2)} > ${RTOL}`);
  });
}

/** Seeded random values in [-1, 1) for a shape. */
export function randomValues(shape: number[], rng: Rng): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = rng() * 2 - 1;
  return out;
}

export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export { makeRng };
