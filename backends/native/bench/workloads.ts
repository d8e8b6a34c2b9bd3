// The issue-4 workloads as tfjs-layers models, shared by the bench and the profile scripts.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export interface Workload {
  name: string;
  batch: number;
  input: number[]; // one example
  build(): tfl.LayersModel;
}

const conv = (filters: number, padding: 'same' | 'valid', activation: 'relu' | 'linear', inputShape?: number[]) =>
  tfl.layers.conv2d({ filters, kernelSize: 3, padding, activation, inputShape });

export const WORKLOADS: Workload[] = [
  {
    name: 'W1 lenet-300-100 b100', batch: 100, input: [784],
    build: () => tfl.sequential({ layers: [
      tfl.layers.dense({ units: 300, activation: 'relu', inputShape: [784] }),
      tfl.layers.dense({ units: 100, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ] }),
  },
  {
    name: 'W2 lenet5-caffe b100', batch: 100, input: [28, 28, 1],
    build: () => tfl.sequential({ layers: [
      tfl.layers.conv2d({ filters: 20, kernelSize: 5, inputShape: [28, 28, 1] }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 50, kernelSize: 5 }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 500, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ] }),
  },
  {
    name: 'W3 vgg-block b64', batch: 64, input: [32, 32, 3],
    build: () => tfl.sequential({ layers: [
      conv(64, 'same', 'relu', [32, 32, 3]), conv(64, 'same', 'relu'), tfl.layers.maxPooling2d({ poolSize: 2 }),
      conv(128, 'same', 'relu'), conv(128, 'same', 'relu'), tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(), tfl.layers.dense({ units: 10 }),
    ] }),
  },
];

/** One SGD training step: forward, softmax cross-entropy, backward, update. */
export function makeStep(w: Workload): () => number {
  const model = w.build();
  const x = tf.randomNormal([w.batch, ...w.input]);
  const labels = tf.oneHot(tf.randomUniform([w.batch], 0, 10, 'int32') as tf.Tensor1D, 10);
  const optimizer = tf.train.sgd(0.01);
  return () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
      optimizer.applyGradients(grads);
      return value.dataSync()[0];
    });
}
