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

export function totals(stats: LayerStats[]): { kept: number; total: number } {
  return stats.reduce((a, s) => ({ kept: a.kept + s.kept, total: a.total + s.total }), { kept: 0, total: 0 });
}
