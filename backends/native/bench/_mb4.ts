import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../registry.js';
await selectBackend('native', () => {});
const time = (name: string, f: () => tf.Tensor, n = 20) => {
  for (let i = 0; i < 3; i++) f().dispose();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { const y = f(); y.dataSync(); y.dispose(); }
  console.log(name.padEnd(30), ((performance.now() - t0) / n).toFixed(3), 'ms');
};
const x = tf.randomNormal([100, 28, 28, 1]) as tf.Tensor4D, w = tf.randomNormal([5, 5, 1, 20]) as tf.Tensor4D;
const dy = tf.randomNormal([100, 24, 24, 20]) as tf.Tensor4D;
time('conv2d fwd', () => tf.conv2d(x, w, 1, 'valid'));
time('backprop filter', () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [5, 5, 1, 20] }) as tf.Tensor);

