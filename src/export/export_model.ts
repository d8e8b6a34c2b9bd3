// An in-memory model (e.g. from `snip()` and `fit()`) → snip-export bytes, for library users.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { modelTensors } from '../experiments/checkpoint.js';
import type { MaskSet } from '../masks/mask_set.js';
import { encodeExport, type ExportLayout, type ExportSpec, type ValueDtype } from './export_format.js';

/**
 * Encodes `model`'s weights with `masks` (the pruned weights' 0/1 masks). `spec.model` must name
 * a registry model built with the same options, or `loadSparseModel` cannot rebuild it.
 */
export function exportSparse(model: LayersModel, masks: MaskSet, spec: ExportSpec, opts: { layout?: ExportLayout; dtype?: ValueDtype } = {}): Uint8Array {
  const weights = new Map(Object.entries(modelTensors(model)).map(([k, t]) => [k, { shape: t.shape, data: t.data as Float32Array }]));
  const bytes = new Map([...masks].map(([k, m]) => [k, Uint8Array.from(m.dataSync())]));
  return encodeExport({ spec, weights, masks: bytes }, opts.layout ?? 'sparse', opts.dtype ?? 'fp32');
}
