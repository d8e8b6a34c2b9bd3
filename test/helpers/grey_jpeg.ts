// A minimal baseline JPEG encoder for single-component (greyscale) images, for tests: jpeg-js
// only writes colour JPEGs. Each 8x8 block is flat (DC only), so it decodes exactly.

// The standard luminance DC table (JPEG spec K.3): code lengths 1-16, then categories 0-11.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// An AC table with one symbol, end-of-block, coded as '00'.
const AC_BITS = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0];

/** Canonical Huffman codes (JPEG spec C.2): symbol → [code, length]. */
function huffmanCodes(bits: number[], values: number[]): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  bits.forEach((count, i) => {
    for (let j = 0; j < count; j++) out.set(values[k++], [code++, i + 1]);
    code <<= 1;
  });
  return out;
}

function segment(marker: number, body: number[]): number[] {
  const len = body.length + 2;
  return [0xff, marker, len >> 8, len & 0xff, ...body];
}

/** A side x side greyscale JPEG (side a multiple of 8) whose 8x8 block (by, bx) is level(by, bx). */
export function greyJpeg(side: number, level: (by: number, bx: number) => number): Uint8Array {
  const dc = huffmanCodes(DC_BITS, DC_VALUES);
  const eob = huffmanCodes(AC_BITS, AC_VALUES).get(0)!;
  const bytes: number[] = [];
  let acc = 0;
  let nbits = 0;
  const put = (code: number, len: number) => {
    for (let i = len - 1; i >= 0; i--) {
      acc = (acc << 1) | ((code >> i) & 1);
      if (++nbits === 8) {
        bytes.push(acc);
        if (acc === 0xff) bytes.push(0); // byte stuffing
        acc = 0;
        nbits = 0;
      }
    }
  };
  let prev = 0;
  for (let by = 0; by < side / 8; by++) {
    for (let bx = 0; bx < side / 8; bx++) {
      const coef = 8 * (level(by, bx) - 128); // the DC term of a flat block with quantiser 1
      const diff = coef - prev;
      prev = coef;
      const cat = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const [code, len] = dc.get(cat)!;
      put(code, len);
      if (cat > 0) put(diff > 0 ? diff : diff + (1 << cat) - 1, cat);
      put(eob[0], eob[1]);
    }
  }
  if (nbits > 0) put((1 << (8 - nbits)) - 1, 8 - nbits); // pad with ones
  const dht = (cls: number, bits: number[], values: number[]) => [cls << 4, ...bits, ...values];
  return Uint8Array.from([
    0xff, 0xd8,
    ...segment(0xdb, [0, ...new Array<number>(64).fill(1)]), // DQT: table 0, all ones
    ...segment(0xc0, [8, side >> 8, side & 0xff, side >> 8, side & 0xff, 1, 1, 0x11, 0]), // SOF0: 1 component
    ...segment(0xc4, [...dht(0, DC_BITS, DC_VALUES), ...dht(1, AC_BITS, AC_VALUES)]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
    ...bytes,
    0xff, 0xd9,
  ]);
}
