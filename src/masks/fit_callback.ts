// Mask enforcement for tfjs-layers' own model.fit(): after every batch, weights and optimiser
// slots are multiplied by the masks.
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { applyMasks, applyMasksToOptimizer } from './apply.js';
import type { MaskSet } from './mask_set.js';
import { prunableWeights, type PrunableOptions } from './prunable.js';

/** A callback for `model.fit(x, y, {callbacks: [maskCallback(model, masks)]})`. */
export function maskCallback(model: LayersModel, masks: MaskSet, opts: PrunableOptions = {}): tfl.CustomCallback {
  const weights = prunableWeights(model, opts).filter((w) => masks.has(w.key));
  return new tfl.CustomCallback({
    onTrainBegin: async () => applyMasks(weights, masks),
    onBatchEnd: async () => {
      applyMasks(weights, masks);
      if (model.optimizer) await applyMasksToOptimizer(model.optimizer, weights, masks);
    },
  });
}
