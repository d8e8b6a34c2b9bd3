// Where a pruned tensor's kept weights sit, coded in as few bytes as we can cheaply manage.
// Two codings; the exporter takes the smaller one per tensor:
//   'bitmap': one bit per weight in row-major order, bit i%8 of byte ⌊i/8⌋ set when weight i
//             is kept (⌈n/8⌉ bytes: best for dense-ish layers, above about 1 kept in 8).
//   'gaps':   for the kept positions p_0 < p_1 < …, the gaps p_0 and p_i − p_(i−1) − 1 as
//             unsigned LEB128 varints (7 bits a byte, low groups first, high bit = more follows):
//             one byte per kept weight while gaps stay below 128, so ≈ κ bytes at high sparsity.

export const INDEX_CODINGS = ['bitmap', 'gaps'] as const;
export type IndexCoding = (typeof INDEX_CODINGS)[number];

export interface CodedIndex {
  coding: IndexCoding;
  bytes: Uint8Array;
}

/** Positions of the non-zero entries of a 0/1 mask, ascending. */
export function keptPositions(mask: ArrayLike<number>): Int32Array {
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) k++;
  const out = new Int32Array(k);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i] !== 0) out[j++] = i;
  return out;
}

function varintLength(v: number): number {
  let n = 1;
  while (v >= 0x80) { v = Math.floor(v / 0x80); n++; }
  return n;
}

export function encodeGaps(positions: Int32Array): Uint8Array {
  let size = 0;
  let prev = -1;
  for (const p of positions) { size += varintLength(p - prev - 1); prev = p; }
  const out = new Uint8Array(size);
  let at = 0;
  prev = -1;
  for (const p of positions) {
    let gap = p - prev - 1;
    prev = p;
    while (gap >= 0x80) { out[at++] = (gap & 0x7f) | 0x80; gap = Math.floor(gap / 0x80); }
    out[at++] = gap;
  }
  return out;
}

export function encodeBitmap(positions: Int32Array, size: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(size / 8));
  for (const p of positions) out[p >>> 3] |= 1 << (p & 7);
  return out;
}

/** The smaller of the two codings of `positions` among `size` weights (the bitmap on a tie). */
export function encodeIndex(positions: Int32Array, size: number): CodedIndex {
  const gaps = encodeGaps(positions);
  return gaps.length < Math.ceil(size / 8) ? { coding: 'gaps', bytes: gaps } : { coding: 'bitmap', bytes: encodeBitmap(positions, size) };
}

/** Decodes an index and checks it names exactly `kept` distinct positions below `size`. */
export function decodeIndex(index: CodedIndex, size: number, kept: number, where: string): Int32Array {
  const fail = (msg: string): never => { throw new Error(`${where}: corrupt index: ${msg}`); };
  const out = new Int32Array(kept);
  let k = 0;
  if (index.coding === 'bitmap') {
    if (index.bytes.length !== Math.ceil(size / 8)) fail(`bitmap of ${index.bytes.length} bytes for ${size} weights`);
    for (let i = 0; i < size; i++) {
      if (index.bytes[i >>> 3] & (1 << (i & 7))) {
        if (k === kept) fail(`more than ${kept} positions set`);
        out[k++] = i;
      }
    }
    if (size % 8 !== 0 && index.bytes[index.bytes.length - 1] >>> (size % 8) !== 0) fail('bits set past the last weight');
  } else if (index.coding === 'gaps') {
    let pos = -1;
    let gap = 0;
    let scale = 1;
    for (const b of index.bytes) {
      gap += (b & 0x7f) * scale;
      if (b & 0x80) { scale *= 0x80; if (scale > 2 ** 42) fail('varint too long'); continue; }
      pos += gap + 1;
      if (pos >= size) fail(`position ${pos} past the ${size} weights`);
      if (k === kept) fail(`more than ${kept} positions`);
      out[k++] = pos;
      gap = 0;
      scale = 1;
    }
    if (scale !== 1) fail('ends inside a varint');
  } else {
    fail(`unknown coding '${String(index.coding)}'; valid: ${INDEX_CODINGS.join(', ')}`);
  }
  if (k !== kept) fail(`${k} positions for ${kept} kept values`);
  return out;
}
