// Parser for the IDX format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist):
// magic = two zero bytes, a type byte (0x08 = uint8), the number of dimensions; then each
// dimension as a big-endian uint32; then the values. Only uint8 is used by these data sets.

export interface IdxArray {
  dims: number[];
  data: Uint8Array; // prod(dims) values, a view into the input bytes
}

const UINT8 = 0x08;

/** Parses IDX bytes; `source` (the file name) begins every error message. */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  const fail = (msg: string): never => {
    throw new Error(`${source}: not a valid IDX file: ${msg}`);
  };
  if (bytes.length < 4) fail(`truncated: ${bytes.length} bytes, the 4-byte magic is missing`);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(`bad magic 0x${Buffer.from(bytes.subarray(0, 4)).toString('hex')}`);
  if (bytes[2] !== UINT8) fail(`value type 0x${bytes[2].toString(16)} is not uint8 (0x08)`);
  const ndims = bytes[3];
  if (ndims === 0) fail('zero dimensions');
  const headerLen = 4 + 4 * ndims;
  if (bytes.length < headerLen) fail(`truncated: the ${ndims} dimension sizes are incomplete`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerLen);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const have = bytes.length - headerLen;
  if (have < count) fail(`truncated: dims [${dims}] need ${count} bytes of data, found ${have}`);
  if (have > count) fail(`${have - count} trailing bytes after dims [${dims}]`);
  return { dims, data: bytes.subarray(headerLen) };
}

/** Builds IDX bytes (uint8); used to make small fixtures. */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = UINT8;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
