// A snip-export file → a ready tfjs-layers model (rebuilt from the registry, weights written in).
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { loadModelTensors } from '../experiments/checkpoint.js';
import type { TensorMap } from '../io/safetensors.js';
import type { MaskSet } from '../masks/mask_set.js';
import { getModel } from '../models/registry.js';
import type { InitName } from '../models/model_spec.js';
import { decodeExport, type DecodedExport, type ExportSpec, type ValueDtype } from './export_format.js';

export interface LoadedModel {
  model: LayersModel;
  spec: ExportSpec;
  dtype: ValueDtype;
  /** The masks of the weights stored sparse (empty for a dense export); the caller disposes. */
  masks: MaskSet;
}

/** Builds the model an export describes and writes its weights in (on the current backend). */
export function modelFromExport(e: DecodedExport, source: string): LoadedModel {
  const model = getModel(e.spec.model).build({
    init: e.spec.init as InitName, seed: e.spec.seed, inputShape: e.spec.inputShape, numClasses: e.spec.numClasses,
  });
  const tensors: TensorMap = {};
  for (const [k, w] of e.weights) tensors[k] = { dtype: 'F32', shape: w.shape, data: w.data };
  const names = new Set(model.weights.map((w) => w.originalName));
  const extra = [...e.weights.keys()].find((k) => !names.has(k));
  if (extra !== undefined) throw new Error(`${source} holds '${extra}', which ${e.spec.model} does not have`);
  loadModelTensors(model, tensors, source);
  const masks: MaskSet = new Map([...e.masks].map(([k, m]) => [k, tf.tensor(Float32Array.from(m), e.weights.get(k)!.shape)]));
  return { model, spec: e.spec, dtype: e.dtype, masks };
}

/** Reads and verifies a file `snip export` wrote, without building anything. */
export async function readExport(path: string): Promise<DecodedExport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return decodeExport(bytes, path);
}

/** Reads a file `snip export` wrote and returns the model, its spec and its masks. */
export async function loadSparseModel(path: string): Promise<LoadedModel> {
  return modelFromExport(await readExport(path), path);
}
