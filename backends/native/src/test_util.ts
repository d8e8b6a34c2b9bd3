// Shared by the native backend's tests: backend set-up, seeded data, cpu-vs-native comparison.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's node bundle leaves gradients unregistered; tfjs-layers' bundle registers them all.
import '@tensorflow/tfjs-layers';
import assert from 'node:assert/strict';

import { NativeBackend } from './backend_native.js';
import { nativeLoadError, registerNativeBackend } from './index.js';

/** Registers `native`; the addon must build in CI, so a missing addon fails the tests loudly. */
export function requireNative(): void {
  assert.ok(registerNativeBackend(), `native addon did not load: ${nativeLoadError()}`);
}

/** mulberry32: deterministic uniform numbers in [-1, 1). */
export function randomData(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; ++i) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
  }
  return out;
}

export interface Input {
  shape: number[];
  data: Float32Array;
}

export function input(shape: number[], seed: number): Input {
  return { shape, data: randomData(shape.reduce((p, q) => p * q, 1), seed) };
}

/** Runs fn on fresh tensors of `backend`; returns every output's values. */
export async function runOn(backend: string, inputs: Input[], fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xs = inputs.map((i) => tf.tensor(i.data, i.shape, 'float32'));
    const out = fn(...xs);
    return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, values: t.dataSync() as Float32Array }));
  });
}

/** |native − cpu| ≤ rtol·(|cpu| + 1% of the largest |cpu|), elementwise, and equal shapes. */
export function assertClose(got: { shape: number[]; values: Float32Array }[], want: typeof got, what: string, rtol = 1e-4) {
  assert.equal(got.length, want.length, what);
  got.forEach((g, k) => {
    assert.deepEqual(g.shape, want[k].shape, `${what}: output ${k} shape`);
    let scale = 0;
    for (const v of want[k].values) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < g.values.length; ++i) {
      const w = want[k].values[i], d = Math.abs(g.values[i] - w);
      if (!(d <= rtol * (Math.abs(w) + 0.01 * scale)) && !(Number.isNaN(w) && Number.isNaN(g.values[i]))) {
        assert.fail(`${what}: output ${k}[${i}] native ${g.values[i]} vs cpu ${w}`);
      }
    }
  });
}

/** Compares fn on native against tfjs-backend-cpu. */
export async function compareWithCpu(what: string, inputs: Input[], fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]) {
  const want = await runOn('cpu', inputs, fn);
  const got = await runOn('native', inputs, fn);
  assertClose(got, want, what);
}

/** Records which native kernels run (to prove a case did not fall back to the cpu kernels). */
/** Counts the calls of one registered native kernel (engine and replay alike) until restore(). */
export function countKernelCalls(kernelName: string): { calls: number; restore(): void } {
  const config = tf.getKernel(kernelName, 'native')!;
  const original = config.kernelFunc;
  const counter = { calls: 0, restore: () => { (config as { kernelFunc: tf.KernelFunc }).kernelFunc = original; } };
  (config as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => (counter.calls++, original(args));
  return counter;
}

export function recordNativeCalls(): Set<string> {
  const seen = new Set<string>();
  // Every way a native kernel produces its output names the kernel first.
  for (const method of ['runNative', 'runNativeArrays', 'runNativeKeepingTranspose', 'runNativeZeroOutside', 'makeFloat32'] as const) {
    const original = NativeBackend.prototype[method] as (this: NativeBackend, name: string, ...rest: unknown[]) => unknown;
    (NativeBackend.prototype as unknown as Record<string, unknown>)[method] = function (this: NativeBackend, name: string, ...rest: unknown[]) {
      seen.add(name);
      return original.call(this, name, ...rest);
    };
  }
  return seen;
}
