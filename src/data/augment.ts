// CIFAR training augmentation: a random h x w crop of the image zero-padded by `pad` pixels on
// every side, then a horizontal flip with probability 1/2 (as in the SNIP and WRN papers).
import type { Rng } from '../util/rng.js';

/** Draws, for each of n images, a crop offset (dy, dx in [0, 2 pad]) and a flip; returns a new batch. */
export function augmentBatch(x: Float32Array, n: number, h: number, w: number, c: number, pad: number, rng: Rng): Float32Array {
  const per = h * w * c;
  if (x.length !== n * per) throw new Error(`augmentBatch: ${x.length} values is not ${n} x ${h}x${w}x${c}`);
  const out = new Float32Array(x.length); // zeros: the padding
  for (let i = 0; i < n; i++) {
    const dy = Math.floor(rng() * (2 * pad + 1)) - pad; // source row = output row + dy
    const dx = Math.floor(rng() * (2 * pad + 1)) - pad;
    const flip = rng() < 0.5;
    const base = i * per;
    for (let r = 0; r < h; r++) {
      const sr = r + dy;
      if (sr < 0 || sr >= h) continue;
      for (let col = 0; col < w; col++) {
        const sc = (flip ? w - 1 - col : col) + dx;
        if (sc < 0 || sc >= w) continue;
        const o = base + (r * w + col) * c;
        const s = base + (sr * w + sc) * c;
        for (let k = 0; k < c; k++) out[o + k] = x[s + k];
      }
    }
  }
  return out;
}
