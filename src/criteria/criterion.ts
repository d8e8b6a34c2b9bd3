// The contract of a pruning criterion: score every prunable weight, higher means keep.
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { MaskSet, WeightName } from '../masks/mask_set.js';
import type { PrunableWeight } from '../masks/prunable.js';

/** A minibatch: inputs (NHWC or flat) and int32 class labels. */
export interface Batch {
  x: tf.Tensor;
  y: tf.Tensor1D;
}

/** Mean loss of a batch from logits and int32 labels. */
export type LossFn = (logits: tf.Tensor, labels: tf.Tensor1D) => tf.Scalar;

/** Same shapes as the weights; the caller disposes. */
export type ScoreSet = Map<WeightName, tf.Tensor>;

export interface ScoreContext {
  model: LayersModel;
  weights: PrunableWeight[]; // what is scored, in layer order
  masks: MaskSet; // the current masks (all ones before the first pruning)
  batches: () => AsyncIterable<Batch>; // the scoring data
  loss: LossFn;
  seed: number;
}

export interface Criterion {
  readonly name: string; // registry key and CLI value, e.g. 'snip'
  readonly description: string;
  readonly rounds?: number; // default pruning rounds (exponential schedule); 1 when absent
  score(ctx: ScoreContext): Promise<ScoreSet>; // leaves weights and masks unchanged
}
