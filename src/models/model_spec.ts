// The contract every model in the registry fulfils.
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Initialisations of the paper: variance scaling (He / Glorot), truncated normal, normal. */
export const INIT_NAMES = ['vs-h', 'vs-x', 'tn', 'rn'] as const;
export type InitName = (typeof INIT_NAMES)[number];

export interface BuildOptions {
  init: InitName;
  seed: number;
  inputShape: number[]; // one example, e.g. [28, 28, 1]
  numClasses: number;
}

export interface ModelSpec {
  readonly name: string; // registry key and CLI value, e.g. 'lenet5-caffe'
  readonly description: string;
  readonly datasets: readonly string[]; // data sets it is meant for, first is the default
  /** Where the data set's protocol does not train this network, the values that do. */
  readonly protocol?: { readonly lr?: number };
  build(opts: BuildOptions): LayersModel;
}

export type { tf };
