// For each layer type with a sparse op: the replacement `call` (the layer's own call, tfjs-layers
// core.ts / convolutional.ts, with the product through the sparse op: same bias and activation)
// and how to time it against the dense product.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { timeProducts, type LayerTiming } from './break_even.js';
import type { FusedEpilogue, SnipConvAttrs } from './kernel_names.js';
import { maskedConv2d } from './masked_conv2d.js';
import { maskedMatMul } from './masked_mat_mul.js';

type Call = tfl.layers.Layer['call'];

export interface SparseLayerPlan {
  call: Call;
  /** Dense vs sparse product at `batch` examples on this machine. */
  time(batch: number, training: boolean): LayerTiming;
}

/** The plan for a masked layer, or a reason it stays dense. */
export function planSparseLayer(layer: tfl.layers.Layer, mask: tf.Tensor): SparseLayerPlan | string {
  switch (layer.getClassName()) {
    case 'Dense': return denseLayerPlan(layer, mask as tf.Tensor2D);
    case 'Conv2D': return convLayerPlan(layer, mask as tf.Tensor4D);
    default: return `no sparse op for ${layer.getClassName()}`;
  }
}

// The layer's input shape without the batch dimension.
function exampleShape(layer: tfl.layers.Layer): number[] {
  return (layer.input as tfl.SymbolicTensor).shape.slice(1).map((d) => d ?? 1);
}

// The product with the layer's bias and activation: fused into the sparse op for linear and
// relu, applied after it for other activations.
function withBiasActivation(layer: tfl.layers.Layer, product: (x: tf.Tensor, epilogue: FusedEpilogue) => tf.Tensor): Call {
  const bias = layer.weights[1];
  const name = String(layer.getConfig().activation);
  const fused = name === 'linear' || name === 'relu';
  const activation = fused ? undefined : tfl.layers.activation({ activation: name as 'elu' });
  return (inputs) => tf.tidy(() => {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const b = bias?.read() as tf.Tensor1D | undefined;
    if (fused) return product(x, { bias: b, activation: name as 'linear' | 'relu' });
    const y = product(x, {});
    return activation!.apply(b === undefined ? y : tf.add(y, b)) as tf.Tensor;
  });
}

function denseLayerPlan(layer: tfl.layers.Layer, mask: tf.Tensor2D): SparseLayerPlan {
  const kernel = layer.weights[0]!;
  const [K, N] = mask.shape;
  const rows = exampleShape(layer).slice(0, -1).reduce((p, d) => p * d, 1); // Dense on [batch, ..., K]
  return {
    call: withBiasActivation(layer, (x, epilogue) => {
      const y = maskedMatMul(tf.reshape(x, [-1, K]), kernel.read() as tf.Tensor2D, mask, epilogue);
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), N]);
    }),
    time: (batch, training) => timeProducts(
      (x, w) => tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), (x, w) => maskedMatMul(x as tf.Tensor2D, w as tf.Tensor2D, mask),
      [batch * rows, K], mask.shape, { training, inputGradient: !readsModelInput(layer) }),
  };
}

function convLayerPlan(layer: tfl.layers.Layer, mask: tf.Tensor4D): SparseLayerPlan | string {
  const c = layer.getConfig() as { strides: number[]; padding: string; dataFormat: string; dilationRate: number | number[] };
  const dilations = typeof c.dilationRate === 'number' ? [c.dilationRate, c.dilationRate] : c.dilationRate;
  if (c.dataFormat !== 'channelsLast') return 'sparse conv2d is NHWC only';
  if (c.padding !== 'same' && c.padding !== 'valid') return `no sparse conv2d for padding '${c.padding}'`;
  if (dilations.some((d) => d !== 1)) return 'no sparse conv2d gradient with dilation';
  const attrs: SnipConvAttrs = { strides: [c.strides[0]!, c.strides[1]!], pad: c.padding, dilations: [1, 1] };
  const kernel = layer.weights[0]!;
  return {
    call: withBiasActivation(layer, (x, epilogue) => maskedConv2d(x as tf.Tensor4D, kernel.read() as tf.Tensor4D, mask, attrs, epilogue)),
    time: (batch, training) => timeProducts(
      (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, attrs.strides, attrs.pad),
      (x, w) => maskedConv2d(x as tf.Tensor4D, w as tf.Tensor4D, mask, attrs),
      [batch, ...exampleShape(layer)], mask.shape,
      { training, inputGradient: !readsModelInput(layer), then: pooledBy2x2(layer) ? (y) => tf.maxPool(y as tf.Tensor4D, 2, 2, 'valid') : undefined }),
  };
}

/** Whether the layer's only reader is a 2×2, stride-2, VALID max pool (which native inference fuses with it). */
function pooledBy2x2(layer: tfl.layers.Layer): boolean {
  const readers = layer.outboundNodes.map((n) => n.outboundLayer);
  if (readers.length !== 1 || readers[0]!.getClassName() !== 'MaxPooling2D') return false;
  const c = readers[0]!.getConfig() as { poolSize: number[]; strides: number[]; padding: string };
  return c.poolSize.every((d) => d === 2) && c.strides.every((d) => d === 2) && c.padding === 'valid';
}

/** A layer applied to the model's input: training computes no gradient with respect to its input. */
function readsModelInput(layer: tfl.layers.Layer): boolean {
  const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
  return inbound.length > 0 && inbound.every((l) => l.getClassName() === 'InputLayer');
}
