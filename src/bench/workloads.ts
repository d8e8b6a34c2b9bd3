// The benchmark workloads (W1–W5): a model, a batch size and an input shape each. W1, W2, W4 and
// W5 come from the model registry; W3 (a VGG-style block) is built here.
import * as tfl from '@tensorflow/tfjs-layers';
import { forwardFlops } from '../models/flops.js';
import { getModel } from '../models/registry.js';

export interface Workload {
  readonly name: string; // registry key and CLI value, e.g. 'W2'
  readonly description: string;
  readonly batch: number;
  readonly inputShape: number[]; // one example
  readonly numClasses: number;
  readonly slow?: boolean; // seconds per step on CPU: left out of --quick
  build(seed: number): tfl.LayersModel;
}

/** A workload that trains a registry model. */
function registryWorkload(name: string, model: string, description: string, batch: number, inputShape: number[], slow = false): Workload {
  return {
    name, description, batch, inputShape, numClasses: 10, slow,
    build: (seed) => getModel(model).build({ init: 'vs-h', seed, inputShape, numClasses: 10 }),
  };
}

const w1 = registryWorkload('W1', 'lenet-300-100', 'LeNet-300-100, batch 100', 100, [28, 28, 1]);
const w2 = registryWorkload('W2', 'lenet5-caffe', 'LeNet-5-Caffe, batch 100', 100, [28, 28, 1]);
const w4 = registryWorkload('W4', 'vgg-d', 'VGG-D (CIFAR-10, batch norm), batch 128', 128, [32, 32, 3], true);
const w5 = registryWorkload('W5', 'vgg-like', 'VGG-like (CIFAR-10, batch norm), batch 128', 128, [32, 32, 3], true);

/** conv3×3·64 SAME+ReLU ×2, maxpool 2, conv3×3·128+ReLU ×2, maxpool 2, dense 8192→10. */
function vggBlock(seed: number): tfl.LayersModel {
  const init = (i: number) => tfl.initializers.heNormal({ seed: seed + i });
  const conv = (filters: number, i: number) => tfl.layers.conv2d({
    filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(i), name: `conv${i}`,
  });
  const pool = (i: number) => tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `pool${i}` });
  return tfl.sequential({
    name: 'vgg-block',
    layers: [
      tfl.layers.inputLayer({ inputShape: [32, 32, 3] }),
      conv(64, 1), conv(64, 2), pool(1), conv(128, 3), conv(128, 4), pool(2),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10, kernelInitializer: init(5), name: 'fc' }),
    ],
  });
}

const w3: Workload = {
  name: 'W3',
  description: 'VGG block (conv3x3 64,64, pool, 128,128, pool, dense 8192->10), batch 64',
  batch: 64,
  inputShape: [32, 32, 3],
  numClasses: 10,
  build: vggBlock,
};

export const WORKLOADS: readonly Workload[] = [w1, w2, w3, w4, w5];

export function getWorkload(name: string): Workload {
  const w = WORKLOADS.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (w === undefined) throw new Error(`unknown workload '${name}'; valid workloads: ${WORKLOADS.map((x) => x.name).join(', ')}`);
  return w;
}

/** FLOPs of one training step: forward + backward ≈ 3 × forward. */
export function stepFlopsImpl(model: tfl.LayersModel, batch: number): number {
  return 3 * forwardFlops(model) * batch;
}
