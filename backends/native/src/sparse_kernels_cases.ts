// Conformance cases of the Snip* kernels for conformance_test.ts: on native the kernel, on cpu
// (which lacks it) the dense masked computation it must equal. Masks: inputs above 0.3 kept.
import * as tf from '@tensorflow/tfjs-core';

import { input, type Input } from './test_util.js';

type Case = { name: string; inputs: Input[]; fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[] };

const keep = (m: tf.Tensor) => tf.cast(tf.greater(m, 0.3), 'float32');
const onNative = () => tf.getBackend() === 'native';
const run = (name: string, inputs: tf.NamedTensorMap, attrs: object = {}) =>
  tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;

function matMulCases(M: number, K: number, N: number): Case[] {
  const ins = [input([M, K], 1), input([K, N], 2), input([K, N], 3), input([N], 4), input([M, N], 5)];
  return [{
    name: `SnipMaskedMatMul (+bias, relu) and gradients ${M}x${K}x${N}`,
    inputs: ins,
    fn: (x, w, m, b, dy) => {
      const mask = keep(m!), wm = tf.mul(w!, mask) as tf.Tensor2D;
      if (onNative()) return [run('SnipMaskedMatMul', { x: x!, w: w!, mask, bias: b! }, { activation: 'relu' }),
        run('SnipMaskedMatMulGradInput', { dy: dy!, w: w!, mask }), run('SnipMaskedMatMulGradFilter', { x: x!, dy: dy!, mask })];
      return [tf.relu(tf.add(tf.matMul(x as tf.Tensor2D, wm), b!)), tf.matMul(dy as tf.Tensor2D, wm, false, true), tf.mul(tf.matMul(x as tf.Tensor2D, dy as tf.Tensor2D, true), mask)];
    },
  }];
}

function convCase(xShape: [number, number, number, number], f: number, o: number, s: number, pad: 'same' | 'valid'): Case {
  const attrs = { strides: [s, s] as [number, number], pad, dilations: [1, 1] as [number, number] };
  const wShape: [number, number, number, number] = [f, f, xShape[3], o];
  const outShape = tf.tidy(() => tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.zeros(wShape) as tf.Tensor4D, s, pad).shape);
  return {
    name: `SnipMaskedConv2D (+bias, relu) and gradients x[${xShape}] f${f} o${o} s${s} ${pad}`,
    inputs: [input(xShape, 6), input(wShape, 7), input(wShape, 8), input([o], 9), input(outShape, 10)],
    fn: (x, w, m, b, dy) => {
      const mask = keep(m!), wm = tf.mul(w!, mask) as tf.Tensor4D;
      if (onNative()) return [run('SnipMaskedConv2D', { x: x!, w: w!, mask, bias: b! }, { ...attrs, activation: 'relu' }),
        run('SnipMaskedConv2DGradInput', { dy: dy!, w: w!, mask }, { ...attrs, inputShape: xShape }),
        run('SnipMaskedConv2DGradFilter', { x: x!, dy: dy!, mask }, attrs)];
      const [dx, dw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, s, pad))([x!, wm], dy);
      return [tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, wm, s, pad), b!)), dx!, tf.mul(dw!, mask)];
    },
  };
}

const sgdAttrs = { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 };

const sgdCase: Case = {
  name: 'SnipMaskedSgdMomentum',
  inputs: [input([70, 1000], 11), input([70, 1000], 12), input([70, 1000], 13), input([70, 1000], 14)],
  fn: (w, v, g, m) => {
    const mask = keep(m!);
    if (onNative()) return run('SnipMaskedSgdMomentum', { w: w!, v: v!, g: g!, mask }, sgdAttrs) as unknown as tf.Tensor[];
    const vNew = tf.mul(tf.add(tf.mul(v!, sgdAttrs.momentum), tf.add(g!, tf.mul(w!, sgdAttrs.weightDecay))), mask);
    return [tf.mul(tf.sub(w!, tf.mul(vNew, sgdAttrs.lr)), mask), vNew];
  },
};

export const sparseKernelCases: Case[] = [
  ...matMulCases(1, 30, 7), ...matMulCases(100, 130, 70),
  convCase([2, 9, 7, 3], 3, 5, 1, 'same'), convCase([3, 12, 12, 20], 5, 17, 2, 'valid'),
  // Stride 1 runs from planar images (sparse_direct_conv.cc): rows of 8, 3 vectors a row, LeNet-5's conv2.
  convCase([2, 10, 19, 4], 3, 6, 1, 'same'), convCase([3, 12, 12, 20], 5, 50, 1, 'valid'),
  sgdCase,
];
