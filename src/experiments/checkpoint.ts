// Model weights, masks and optimiser state to and from safetensors.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { loadSafetensors, saveSafetensors, type Metadata, type TensorMap } from '../io/safetensors.js';
import type { MaskSet } from '../masks/mask_set.js';
import type { TrainState } from '../train/fit.js';

export const MOMENTUM_PREFIX = 'momentum/'; // optimiser slots in checkpoint.safetensors, beside the weights

/** Every weight of the model (trainable or not), keyed by `<layer>/<weight>`. */
export function modelTensors(model: LayersModel): TensorMap {
  const out: TensorMap = {};
  for (const w of model.weights) out[w.originalName] = { dtype: 'F32', shape: [...w.shape] as number[], data: w.read().dataSync() as Float32Array };
  return out;
}

/** Writes saved weights into the model; every weight must be present with its shape. */
export function loadModelTensors(model: LayersModel, tensors: TensorMap, source: string): void {
  for (const w of model.weights) {
    const t = tensors[w.originalName];
    if (!t) throw new Error(`${source} has no tensor '${w.originalName}'; was it written for another model?`);
    if (t.shape.join(',') !== w.shape.join(',')) throw new Error(`${source}: '${w.originalName}' has shape [${t.shape}], the model wants [${w.shape}]`);
    tf.tidy(() => { w.write(tf.tensor(t.data as Float32Array, t.shape)); });
  }
}

export function saveWeights(path: string, model: LayersModel, metadata?: Metadata): void {
  saveSafetensors(path, modelTensors(model), metadata);
}

export function loadWeights(path: string, model: LayersModel): void {
  loadModelTensors(model, loadSafetensors(path).tensors, path);
}

export function saveMasks(path: string, masks: MaskSet): void {
  const out: TensorMap = {};
  for (const [k, m] of masks) out[k] = { dtype: 'U8', shape: m.shape.slice(), data: Uint8Array.from(m.dataSync()) };
  saveSafetensors(path, out);
}

export function loadMasks(path: string): MaskSet {
  const { tensors } = loadSafetensors(path);
  return new Map(Object.entries(tensors).map(([k, t]) => [k, tf.tensor(Float32Array.from(t.data as Uint8Array), t.shape)]));
}

export interface Checkpoint {
  state: TrainState;
  elapsedSeconds: number;
  sparseLayers?: string[]; // layers that ran sparse kernels (--sparse auto): a resume keeps the choice
}

/** Weights, momentum and loop state: all a resumed run needs to continue bit for bit. */
export function saveCheckpoint(path: string, model: LayersModel, velocity: Map<string, tf.Variable>, ckpt: Checkpoint): void {
  const tensors = modelTensors(model);
  for (const [k, v] of velocity) tensors[MOMENTUM_PREFIX + k] = { dtype: 'F32', shape: v.shape.slice(), data: v.dataSync() as Float32Array };
  saveSafetensors(path, tensors, {
    state: JSON.stringify({ ...ckpt.state, bestValError: finiteOrNull(ckpt.state.bestValError) }), elapsedSeconds: String(ckpt.elapsedSeconds),
    ...(ckpt.sparseLayers ? { sparseLayers: JSON.stringify(ckpt.sparseLayers) } : {}),
  });
}

export function loadCheckpoint(path: string, model: LayersModel, velocity: Map<string, tf.Variable>): Checkpoint {
  const { tensors, metadata } = loadSafetensors(path);
  loadModelTensors(model, tensors, path);
  for (const [k, v] of velocity) {
    const t = tensors[MOMENTUM_PREFIX + k];
    if (!t) throw new Error(`${path} has no momentum for '${k}'`);
    tf.tidy(() => v.assign(tf.tensor(t.data as Float32Array, t.shape)));
  }
  if (!metadata.state) throw new Error(`${path} has no training state`);
  const raw = JSON.parse(metadata.state) as Omit<TrainState, 'bestValError'> & { bestValError: number | null };
  const sparseLayers = metadata.sparseLayers === undefined ? undefined : (JSON.parse(metadata.sparseLayers) as string[]);
  return { state: { ...raw, bestValError: raw.bestValError ?? Infinity }, elapsedSeconds: Number(metadata.elapsedSeconds ?? 0), sparseLayers };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
