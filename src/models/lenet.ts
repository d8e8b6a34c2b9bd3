// LeNet-300-100 and LeNet-5-Caffe (LeCun et al. 1998; the Caffe variant of Han et al. 2015).
import * as tfl from '@tensorflow/tfjs-layers';
import { initializerSequence } from './init.js';
import type { BuildOptions, ModelSpec } from './model_spec.js';

/** 784-300-100-10 fully connected, ReLU. 266,610 parameters on MNIST. */
export const lenet300100: ModelSpec = {
  name: 'lenet-300-100',
  description: 'LeNet-300-100: fully connected 784-300-100-10 with ReLU',
  datasets: ['mnist', 'fashion-mnist', 'synthetic'],
  build({ init, seed, inputShape, numClasses }: BuildOptions) {
    const kernel = initializerSequence(init, seed);
    const input = tfl.input({ shape: inputShape, name: 'input' });
    let h = tfl.layers.flatten({ name: 'flatten' }).apply(input) as tfl.SymbolicTensor;
    h = dense('fc1', 300, 'relu', kernel()).apply(h) as tfl.SymbolicTensor;
    h = dense('fc2', 100, 'relu', kernel()).apply(h) as tfl.SymbolicTensor;
    const logits = dense('fc3', numClasses, 'linear', kernel()).apply(h) as tfl.SymbolicTensor;
    return tfl.model({ inputs: input, outputs: logits, name: 'lenet-300-100' });
  },
};

/** conv5x5·20 → pool → conv5x5·50 → pool → fc500 ReLU → fc10; 431,080 parameters on MNIST. */
export const lenet5Caffe: ModelSpec = {
  name: 'lenet5-caffe',
  description: 'LeNet-5-Caffe: conv5x5x20, pool, conv5x5x50, pool, fc500 ReLU, fc10',
  datasets: ['mnist', 'fashion-mnist', 'synthetic'],
  // lr 0.1 with momentum 0.9 diverges within 5 iterations for this network, dense or pruned,
  // in PyTorch as here (scripts/lenet5_lr_check.py); 0.01 with momentum is the step plain
  // SGD at 0.1 takes, which the reference code trains with.
  protocol: { lr: 0.01 },
  build({ init, seed, inputShape, numClasses }: BuildOptions) {
    const kernel = initializerSequence(init, seed);
    const input = tfl.input({ shape: inputShape, name: 'input' });
    let h = conv('conv1', 20, kernel()).apply(input) as tfl.SymbolicTensor;
    h = tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: 'pool1' }).apply(h) as tfl.SymbolicTensor;
    h = conv('conv2', 50, kernel()).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: 'pool2' }).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.flatten({ name: 'flatten' }).apply(h) as tfl.SymbolicTensor;
    h = dense('fc3', 500, 'relu', kernel()).apply(h) as tfl.SymbolicTensor;
    const logits = dense('fc4', numClasses, 'linear', kernel()).apply(h) as tfl.SymbolicTensor;
    return tfl.model({ inputs: input, outputs: logits, name: 'lenet5-caffe' });
  },
};

type KernelInit = ReturnType<ReturnType<typeof initializerSequence>>;

function dense(name: string, units: number, activation: 'relu' | 'linear', kernelInitializer: KernelInit) {
  return tfl.layers.dense({ name, units, activation, kernelInitializer, biasInitializer: 'zeros' });
}

// Caffe's LeNet-5 has no activation after the convolutions.
function conv(name: string, filters: number, kernelInitializer: KernelInit) {
  return tfl.layers.conv2d({
    name, filters, kernelSize: 5, padding: 'valid', activation: 'linear',
    kernelInitializer, biasInitializer: 'zeros',
  });
}
