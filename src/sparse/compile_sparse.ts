// Switches the masked Dense and Conv2D layers of a model to the sparse ops (masked_mat_mul.ts,
// masked_conv2d.ts), per layer: always (`on`), never (`off`), or where the sparse op times
// faster than the dense product on this machine (`auto`). The model code is untouched: each
// chosen layer's `call` is replaced (sparse_layers.ts), and restore() puts the original back.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { MaskSet } from '../masks/mask_set.js';
import { backendHasKernel, SnipMaskedConv2D, SnipMaskedMatMul } from './kernel_names.js';
import { planSparseLayer, type SparseLayerPlan } from './sparse_layers.js';

export const SPARSE_MODES = ['auto', 'on', 'off'] as const;
export type SparseMode = (typeof SPARSE_MODES)[number];

export interface SparseOptions {
  mode: SparseMode;
  batchSize: number; // examples per call, for the auto timing
  training: boolean; // time forward + gradients (training) or forward only (inference)
  // auto: the layers an interrupted run chose sparse (its checkpoint), kept without re-timing so
  // that the resumed run computes exactly what the uninterrupted one would have.
  resumedSparse?: readonly string[];
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

const KERNEL_OF: Record<string, string> = { Dense: SnipMaskedMatMul, Conv2D: SnipMaskedConv2D };

export function compileSparse(model: tfl.LayersModel, masks: MaskSet, opts: SparseOptions): SparseCompilation {
  const layers: SparseLayerChoice[] = [];
  const restores: Array<() => void> = [];
  for (const layer of model.layers) {
    const kernel = layer.weights[0];
    const mask = kernel === undefined ? undefined : masks.get(kernel.originalName);
    if (mask === undefined || !(layer.getClassName() in KERNEL_OF)) continue;
    const plan = planSparseLayer(layer, mask);
    const choice = decide(layer, kernel!.originalName, mask, plan, opts);
    layers.push(choice);
    if (!choice.sparse || typeof plan === 'string') continue;
    const original = layer.call;
    layer.call = plan.call;
    restores.push(() => void (layer.call = original));
  }
  return { mode: opts.mode, backend: tf.getBackend(), layers, restore: () => restores.forEach((r) => r()) };
}

function decide(layer: tfl.layers.Layer, weight: string, mask: tf.Tensor, plan: SparseLayerPlan | string, opts: SparseOptions): SparseLayerChoice {
  const density = tf.tidy(() => tf.mean(mask).dataSync()[0]!);
  const base = { layer: layer.name, weight, shape: mask.shape.slice(), density };
  if (typeof plan === 'string') return { ...base, sparse: false, reason: plan };
  switch (opts.mode) {
    case 'off': return { ...base, sparse: false, reason: '--sparse off' };
    case 'on': return { ...base, sparse: true, reason: '--sparse on' };
    case 'auto': {
      if (!backendHasKernel(KERNEL_OF[layer.getClassName()]!)) return { ...base, sparse: false, reason: `backend ${tf.getBackend()} has no sparse kernel` };
      if (opts.resumedSparse) return { ...base, sparse: opts.resumedSparse.includes(layer.name), reason: 'as chosen before the resume' };
      const t = plan.time(opts.batchSize, opts.training);
      return { ...base, sparse: t.sparseMs < t.denseMs, ...t, reason: `measured: sparse ${t.sparseMs.toFixed(3)} ms vs dense ${t.denseMs.toFixed(3)} ms` };
    }
    default: { const never: never = opts.mode; throw new Error(`unknown --sparse '${String(never)}'; valid: ${SPARSE_MODES.join(', ')}`); }
  }
}
