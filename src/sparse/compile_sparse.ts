// Switches the masked Dense layers of a model to the sparse op (masked_mat_mul.ts), per layer:
// always (`on`), never (`off`), or where it times faster than the dense product on this machine
// (`auto`). The model code is untouched: each chosen layer's `call` is replaced, with the same
// bias and activation, and restore() puts the original back.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import type { MaskSet } from '../masks/mask_set.js';
import { timeMaskedLayer } from './break_even.js';
import { backendHasKernel, SnipMaskedMatMul } from './kernel_names.js';
import { maskedMatMul } from './masked_mat_mul.js';

export const SPARSE_MODES = ['auto', 'on', 'off'] as const;
export type SparseMode = (typeof SPARSE_MODES)[number];

export interface SparseOptions {
  mode: SparseMode;
  batchSize: number; // examples per call, for the auto timing
  training: boolean; // time forward + gradients (training) or forward only (inference)
}

/** One masked layer's choice, for the log and summary.json. */
export interface SparseLayerChoice {
  layer: string;
  weight: string;
  shape: number[];
  density: number;
  sparse: boolean;
  denseMs?: number; // auto only: the measured break-even
  sparseMs?: number;
  reason: string;
}

export interface SparseCompilation {
  mode: SparseMode;
  backend: string;
  layers: SparseLayerChoice[];
  restore(): void;
}

type Call = tfl.layers.Layer['call'];

export function compileSparse(model: tfl.LayersModel, masks: MaskSet, opts: SparseOptions): SparseCompilation {
  const layers: SparseLayerChoice[] = [];
  const restores: Array<() => void> = [];
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Dense') continue;
    const kernel = layer.weights[0]!;
    const mask = masks.get(kernel.originalName);
    if (mask === undefined) continue;
    const choice = decide(layer.name, kernel.originalName, mask as tf.Tensor2D, rowsPerExample(layer) * opts.batchSize, opts);
    layers.push(choice);
    if (!choice.sparse) continue;
    const original = layer.call;
    layer.call = sparseDenseCall(layer, mask as tf.Tensor2D);
    restores.push(() => void (layer.call = original));
  }
  return { mode: opts.mode, backend: tf.getBackend(), layers, restore: () => restores.forEach((r) => r()) };
}

function decide(layer: string, weight: string, mask: tf.Tensor2D, rows: number, opts: SparseOptions): SparseLayerChoice {
  const density = tf.tidy(() => tf.mean(mask).dataSync()[0]!);
  const base = { layer, weight, shape: mask.shape.slice(), density };
  switch (opts.mode) {
    case 'off': return { ...base, sparse: false, reason: '--sparse off' };
    case 'on': return { ...base, sparse: true, reason: '--sparse on' };
    case 'auto': {
      if (!backendHasKernel(SnipMaskedMatMul)) return { ...base, sparse: false, reason: `backend ${tf.getBackend()} has no sparse kernel` };
      const t = timeMaskedLayer(mask, rows, opts.training);
      const sparse = t.sparseMs < t.denseMs;
      return { ...base, sparse, ...t, reason: `measured: sparse ${t.sparseMs.toFixed(3)} ms vs dense ${t.denseMs.toFixed(3)} ms` };
    }
    default: { const never: never = opts.mode; throw new Error(`unknown --sparse '${String(never)}'; valid: ${SPARSE_MODES.join(', ')}`); }
  }
}

// Rows of the product per example: 1 for [batch, K] inputs, more when Dense sees [batch, ..., K].
function rowsPerExample(layer: tfl.layers.Layer): number {
  const shape = layer.batchInputShape ?? (layer.input as tfl.SymbolicTensor).shape;
  return shape.slice(1, -1).reduce<number>((p, d) => p * (d ?? 1), 1);
}

// Dense's call (tfjs-layers core.ts) with the product through maskedMatMul.
function sparseDenseCall(layer: tfl.layers.Layer, mask: tf.Tensor2D): Call {
  const [kernel, bias] = layer.weights;
  const config = layer.getConfig();
  const activation = config.activation === 'linear' ? undefined : tfl.layers.activation({ activation: config.activation as 'relu' });
  return (inputs) => tf.tidy(() => {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const K = mask.shape[0];
    let y: tf.Tensor = maskedMatMul(tf.reshape(x, [-1, K]), kernel!.read() as tf.Tensor2D, mask);
    if (bias !== undefined) y = tf.add(y, bias.read());
    if (activation !== undefined) y = activation.apply(y) as tf.Tensor;
    return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), mask.shape[1]]);
  });
}
