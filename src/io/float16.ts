// IEEE 754 binary16 ("half", safetensors F16) to and from float32. Node 20 has no Float16Array,
// so half values travel as their raw 16-bit patterns in a Uint16Array.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The half nearest to `x`, ties to even; overflow → ±Infinity, NaN stays NaN, −0 stays −0. */
export function toHalfBits(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const man = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (man !== 0 ? 0x200 | (man >>> 13) : 0); // Inf or a quiet NaN
  // Work on the value as an integer multiple of 2^-149 relative to the half's unit in the last place.
  const e = exp - 127; // unbiased exponent (float32 subnormals fall far below the half range)
  if (e >= 16) return sign | 0x7c00; // ≥ 2^16 overflows even before rounding
  let shift: number; // how many low bits of the 24-bit significand the half drops
  let base: number; // the half's exponent field for a normal result
  if (e >= -14) {
    shift = 13;
    base = (e + 15) << 10;
  } else {
    shift = -1 - e; // subnormal half: its unit is 2^-24, so drop 13 + (-14 - e) bits
    base = 0;
    if (shift > 24) return sign; // below half the smallest subnormal: rounds to ±0
  }
  const sig = exp === 0 ? man : man | 0x800000; // the 24-bit significand with its hidden bit
  let kept = sig >>> shift;
  const rest = sig & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (rest > half || (rest === half && (kept & 1) === 1)) kept += 1; // round to nearest, ties to even
  // For a normal result `kept` still holds the hidden bit (1 << 10); adding it to `base - 1<<10`
  // lets a carry out of the significand step the exponent up (and reach 0x7c00 = Infinity).
  return sign | (e >= -14 ? base - 0x400 + kept : kept);
}

/** The float32 value of a half bit pattern (exact: every half is a float32). */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const man = h & 0x3ff;
  if (exp === 0) return sign * man * 2 ** -24;
  if (exp === 0x1f) return man === 0 ? sign * Infinity : NaN;
  return sign * (1024 + man) * 2 ** (exp - 25);
}

export function toHalf(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalfBits(values[i]);
  return out;
}

export function fromHalf(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = fromHalfBits(bits[i]);
  return out;
}
