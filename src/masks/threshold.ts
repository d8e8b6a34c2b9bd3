// Top-κ selection, shared by every criterion: keep the κ highest scores, exactly.
import * as tf from '@tensorflow/tfjs-core';
import type { MaskSet, WeightName } from './mask_set.js';

export type Scope = 'global' | 'layerwise';
export const SCOPES: readonly Scope[] = ['global', 'layerwise'];

/** κ = round((1 − sparsity) · N), the number of weights kept (the paper's Algorithm 1). */
export function keptCount(total: number, sparsity: number): number {
  if (!(sparsity > 0 && sparsity < 1)) throw new Error(`sparsity must be in (0, 1), got ${sparsity}`);
  return Math.round((1 - sparsity) * total);
}

/**
 * Indices of the κ largest values of `scores`. Ties at the threshold are broken towards the
 * lower index, so the result depends only on the scores. NaN scores are refused.
 */
export function topKIndices(scores: Float32Array, k: number): Uint8Array {
  const n = scores.length;
  if (k < 0 || k > n) throw new Error(`cannot keep ${k} of ${n} weights`);
  const keep = new Uint8Array(n);
  if (k === 0) return keep;
  for (let i = 0; i < n; i++) if (Number.isNaN(scores[i])) throw new Error('scores contain NaN (did the loss diverge?)');
  const sorted = Float32Array.from(scores).sort(); // ascending
  const threshold = sorted[n - k];
  let above = 0;
  for (let i = 0; i < n; i++) if (scores[i] > threshold) { keep[i] = 1; above++; }
  let ties = k - above;
  for (let i = 0; i < n && ties > 0; i++) if (scores[i] === threshold) { keep[i] = 1; ties--; }
  return keep;
}

/** Masks keeping round((1 − sparsity)·N) weights, over all layers or per layer. */
export function selectMask(scores: Map<WeightName, tf.Tensor>, sparsity: number, scope: Scope): MaskSet {
  const entries = [...scores];
  const values = entries.map(([, s]) => s.dataSync() as Float32Array);
  const keepPerLayer = ((): Uint8Array[] => {
    switch (scope) {
      case 'global': {
        const total = values.reduce((a, v) => a + v.length, 0);
        const k = keptCount(total, sparsity);
        if (k === 0) throw new Error(`sparsity ${sparsity} keeps no weight of ${total} (κ = 0)`);
        const flat = new Float32Array(total);
        let off = 0;
        for (const v of values) { flat.set(v, off); off += v.length; }
        const keep = topKIndices(flat, k);
        off = 0;
        return values.map((v) => { const part = keep.subarray(off, off + v.length); off += v.length; return part; });
      }
      case 'layerwise':
        return values.map((v) => topKIndices(v, keptCount(v.length, sparsity)));
      default: {
        const never: never = scope;
        throw new Error(`unknown scope '${String(never)}'; valid: ${SCOPES.join(', ')}`);
      }
    }
  })();
  return new Map(entries.map(([k, s], i) => [k, tf.tensor(Float32Array.from(keepPerLayer[i]), s.shape)]));
}
