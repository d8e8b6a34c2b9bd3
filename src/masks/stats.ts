// Per-layer counts of kept weights, and layer collapse.
import type { MaskSet } from './mask_set.js';

export interface LayerStats {
  name: string;
  shape: number[];
  kept: number;
  total: number;
}

export function maskStats(masks: MaskSet): LayerStats[] {
  return [...masks].map(([name, m]) => {
    const data = m.dataSync();
    let kept = 0;
    for (let i = 0; i < data.length; i++) if (data[i] !== 0) kept++;
    return { name, shape: m.shape.slice(), kept, total: data.length };
  });
}

/** Layers left with no weight at all: the network is disconnected there. */
export function collapsedLayers(stats: LayerStats[]): string[] {
  return stats.filter((s) => s.kept === 0).map((s) => s.name);
}

/**
 * Classes a classifier mask ([features, classes]) leaves without any incoming weight: the
 * network can only predict them through the bias. SNIP cuts a class off when the scoring data
 * has no example of it (its weights' gradients are then tiny).
 */
export function classesWithoutWeights(mask: { shape: number[]; dataSync(): ArrayLike<number> }): number[] {
  const [rows, classes] = mask.shape;
  const data = mask.dataSync();
  const fed = new Uint8Array(classes);
  for (let i = 0; i < rows * classes; i++) if (data[i] !== 0) fed[i % classes] = 1;
  return [...fed.keys()].filter((c) => fed[c] === 0);
}

export function totals(stats: LayerStats[]): { kept: number; total: number } {
  return stats.reduce((a, s) => ({ kept: a.kept + s.kept, total: a.total + s.total }), { kept: 0, total: 0 });
}
