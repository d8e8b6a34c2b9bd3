// Public API: re-exports only.
export * from './data/dataset.js';
export type { Batch, Criterion, LossFn, ScoreContext, ScoreSet } from './criteria/criterion.js';
export { criteria, getCriterion } from './criteria/registry.js';
export { models, getModel } from './models/registry.js';
export type { BuildOptions, InitName, ModelSpec } from './models/model_spec.js';
export { prune, snip, type PruneOptions, type PruneResult } from './prune.js';
export { applyMasks, applyMasksToOptimizer, maskedAssign } from './masks/apply.js';
export { maskCallback } from './masks/fit_callback.js';
export { prunableWeights, type PrunableWeight, type PrunableOptions } from './masks/prunable.js';
export { selectMask, keptCount, topKIndices, type Scope } from './masks/threshold.js';
export { maskStats, collapsedLayers, type LayerStats } from './masks/stats.js';
export type { MaskSet } from './masks/mask_set.js';
export { MaskedSgd, stepDecayLr } from './train/sgd.js';
export { softmaxCrossEntropy } from './train/losses.js';
export { evaluate } from './train/evaluate.js';
