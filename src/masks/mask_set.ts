// Masks: one 0/1 float tensor per prunable weight, the same shape as the weight.
import * as tf from '@tensorflow/tfjs-core';

export type WeightName = string;
export type MaskSet = Map<WeightName, tf.Tensor>;

export function disposeMasks(masks: MaskSet): void {
  for (const m of masks.values()) m.dispose();
}

/** A mask set keeping every weight of the given shapes (the dense network). */
export function fullMasks(shapes: Map<WeightName, number[]>): MaskSet {
  return new Map([...shapes].map(([k, s]) => [k, tf.ones(s)]));
}

/** Masks as uint8 arrays (for safetensors) and back. */
export function masksToBytes(masks: MaskSet): Map<WeightName, { shape: number[]; data: Uint8Array }> {
  const out = new Map<WeightName, { shape: number[]; data: Uint8Array }>();
  for (const [k, m] of masks) out.set(k, { shape: m.shape.slice(), data: Uint8Array.from(m.dataSync()) });
  return out;
}

export function masksFromBytes(bytes: Map<WeightName, { shape: number[]; data: Uint8Array }>): MaskSet {
  return new Map([...bytes].map(([k, b]) => [k, tf.tensor(Float32Array.from(b.data), b.shape)]));
}
