// Named layer builders shared by the CIFAR networks (AlexNet, VGG, WRN): conv/dense → BN → ReLU.
import * as tfl from '@tensorflow/tfjs-layers';
import type { initializerSequence } from './init.js';
import { fuseBatchNormTraining } from './fused_batch_norm.js';

export type KernelInit = ReturnType<ReturnType<typeof initializerSequence>>;
export type Sym = tfl.SymbolicTensor;

/**
 * Batch norm as the CIFAR networks use it: moving averages with momentum 0.9 (PyTorch's 0.1),
 * so the inference-mode statistics settle within tens of steps, and ε = 1e-5 (PyTorch's).
 * Training steps and SNIP scoring run the network in training mode (batch statistics), through
 * one kernel each way where the backend has them (fused_batch_norm.ts).
 */
export const BN_MOMENTUM = 0.9;
export const BN_EPSILON = 1e-5;

export function batchNorm(name: string, x: Sym): Sym {
  return fuseBatchNormTraining(tfl.layers.batchNormalization({ name, axis: -1, momentum: BN_MOMENTUM, epsilon: BN_EPSILON })).apply(x) as Sym;
}

export function relu(name: string, x: Sym): Sym {
  return tfl.layers.activation({ name, activation: 'relu' }).apply(x) as Sym;
}

export interface ConvOptions {
  filters: number;
  kernelSize: number;
  strides?: number; // default 1
  useBias?: boolean; // default true
}

/** A SAME-padded convolution with no activation. */
export function conv(name: string, x: Sym, o: ConvOptions, kernelInitializer: KernelInit): Sym {
  return tfl.layers.conv2d({
    name, filters: o.filters, kernelSize: o.kernelSize, strides: o.strides ?? 1, padding: 'same',
    activation: 'linear', useBias: o.useBias ?? true, kernelInitializer, biasInitializer: 'zeros',
  }).apply(x) as Sym;
}

/** A dense layer with bias and no activation. */
export function dense(name: string, x: Sym, units: number, kernelInitializer: KernelInit): Sym {
  return tfl.layers.dense({ name, units, activation: 'linear', kernelInitializer, biasInitializer: 'zeros' }).apply(x) as Sym;
}

/** conv (SAME, with bias) → BN → ReLU, the layers named `conv<id>`, `bn<id>`, `relu<id>`. */
export function convBnRelu(id: string, x: Sym, o: ConvOptions, kernelInitializer: KernelInit): Sym {
  return relu(`relu${id}`, batchNorm(`bn${id}`, conv(`conv${id}`, x, o, kernelInitializer)));
}

/** dense → BN → ReLU, the layers named `fc<id>`, `bn_fc<id>`, `relu_fc<id>`. */
export function denseBnRelu(id: string, x: Sym, units: number, kernelInitializer: KernelInit): Sym {
  return relu(`relu_fc${id}`, batchNorm(`bn_fc${id}`, dense(`fc${id}`, x, units, kernelInitializer)));
}

export function maxPool(name: string, x: Sym): Sym {
  return tfl.layers.maxPooling2d({ name, poolSize: 2, strides: 2 }).apply(x) as Sym;
}

/**
 * How many times CIFAR's 32-pixel side the input is, as a power of 2: 1 below 64 pixels
 * (CIFAR-10), 2 for Tiny-ImageNet's 64. The CIFAR networks multiply their first convolution's
 * stride by it, so later layers see CIFAR-sized maps and the weight counts stay the paper's.
 */
export function stemScale(inputShape: number[]): number {
  return Math.max(1, 2 ** Math.floor(Math.log2(inputShape[0] / 32)));
}

export function flatten(x: Sym): Sym {
  return tfl.layers.flatten({ name: 'flatten' }).apply(x) as Sym;
}
