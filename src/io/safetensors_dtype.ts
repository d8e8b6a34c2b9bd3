// The safetensors dtypes we read and write, each with its element size and typed-array view.
// F16 and BF16 have no typed array in Node 20: their raw 16-bit patterns travel in a Uint16Array.

export type Dtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

export type TensorData =
  | Float64Array
  | Float32Array
  | Uint16Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

export interface DtypeInfo {
  readonly bytes: number;
  /** Position in the reference implementation's Dtype enum: larger sorts first when writing. */
  readonly rank: number;
  /** A typed array over `bytes` (a fresh, aligned copy of the tensor's bytes). */
  view(buffer: ArrayBuffer): TensorData;
  /** Whether `data` is the typed array this dtype expects. */
  accepts(data: TensorData): boolean;
}

export const DTYPES: Record<Dtype, DtypeInfo> = {
  BOOL: { bytes: 1, rank: 0, view: (b) => new Uint8Array(b), accepts: (d) => d instanceof Uint8Array },
  U8: { bytes: 1, rank: 4, view: (b) => new Uint8Array(b), accepts: (d) => d instanceof Uint8Array },
  I8: { bytes: 1, rank: 5, view: (b) => new Int8Array(b), accepts: (d) => d instanceof Int8Array },
  I16: { bytes: 2, rank: 9, view: (b) => new Int16Array(b), accepts: (d) => d instanceof Int16Array },
  U16: { bytes: 2, rank: 10, view: (b) => new Uint16Array(b), accepts: (d) => d instanceof Uint16Array },
  F16: { bytes: 2, rank: 11, view: (b) => new Uint16Array(b), accepts: (d) => d instanceof Uint16Array },
  BF16: { bytes: 2, rank: 12, view: (b) => new Uint16Array(b), accepts: (d) => d instanceof Uint16Array },
  I32: { bytes: 4, rank: 13, view: (b) => new Int32Array(b), accepts: (d) => d instanceof Int32Array },
  U32: { bytes: 4, rank: 14, view: (b) => new Uint32Array(b), accepts: (d) => d instanceof Uint32Array },
  F32: { bytes: 4, rank: 15, view: (b) => new Float32Array(b), accepts: (d) => d instanceof Float32Array },
  F64: { bytes: 8, rank: 17, view: (b) => new Float64Array(b), accepts: (d) => d instanceof Float64Array },
  I64: { bytes: 8, rank: 18, view: (b) => new BigInt64Array(b), accepts: (d) => d instanceof BigInt64Array },
  U64: { bytes: 8, rank: 19, view: (b) => new BigUint64Array(b), accepts: (d) => d instanceof BigUint64Array },
};

export function isDtype(s: unknown): s is Dtype {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(DTYPES, s);
}
