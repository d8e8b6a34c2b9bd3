// Which weights of a model are prunable, found by layer type (never by matching names).
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export type WeightRole = 'kernel' | 'recurrent-kernel' | 'bias' | 'norm';

/** One weight SNIP may prune, keyed by `<layer>/<weight>` as tfjs-layers names it. */
export interface PrunableWeight {
  key: string;
  layer: string;
  role: WeightRole;
  variable: tf.Variable;
}

export interface PrunableOptions {
  includeBiases?: boolean; // default false, as in the paper
  includeNormalization?: boolean; // default false
}

// How many of a layer's leading trainable weights are kernels; the rest are biases.
const KERNEL_LAYERS: Record<string, number> = {
  Dense: 1, Conv1D: 1, Conv2D: 1, Conv3D: 1, Conv2DTranspose: 1, DepthwiseConv2D: 1,
  SeparableConv2D: 2, LSTM: 2, GRU: 2, SimpleRNN: 2,
};
const NORMALIZATION_LAYERS = new Set(['BatchNormalization', 'LayerNormalization']);

/** The model's prunable weights in layer order: kernels always, biases/norms when asked. */
export function prunableWeights(model: LayersModel, opts: PrunableOptions = {}): PrunableWeight[] {
  const out: PrunableWeight[] = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const weights = layer.trainableWeights;
    const kernels = KERNEL_LAYERS[cls];
    weights.forEach((w, i) => {
      let role: WeightRole | null = null;
      if (kernels !== undefined) {
        if (i < kernels) role = kernels === 2 && i === 1 && cls !== 'SeparableConv2D' ? 'recurrent-kernel' : 'kernel';
        else if (opts.includeBiases) role = 'bias';
      } else if (NORMALIZATION_LAYERS.has(cls) && opts.includeNormalization) {
        role = 'norm';
      }
      if (role) out.push({ key: w.originalName, layer: layer.name, role, variable: w.read() as tf.Variable });
    });
  }
  const keys = new Set(out.map((p) => p.key));
  if (keys.size !== out.length) throw new Error('prunable weights have duplicate names; give the layers unique names');
  return out;
}

/** Every trainable variable of the model, keyed like the prunable ones. */
export function trainableVariables(model: LayersModel): Map<string, tf.Variable> {
  return new Map(model.trainableWeights.map((w) => [w.originalName, w.read() as tf.Variable]));
}
