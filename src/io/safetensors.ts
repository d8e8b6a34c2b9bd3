// Reader and writer of the safetensors format (github.com/huggingface/safetensors):
//   8-byte little-endian header length n | n bytes of JSON header, space-padded to a multiple
//   of 8 | raw little-endian tensor data. The header maps each name to
//   {dtype, shape, data_offsets: [begin, end]} (relative to the data) plus an optional
//   "__metadata__" map of strings. We write byte-for-byte what the reference writer does.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { writeFileAtomic, writeFileAtomicAsync } from './atomic.js';
import { DTYPES, isDtype, type Dtype, type TensorData } from './safetensors_dtype.js';

export type { Dtype, TensorData } from './safetensors_dtype.js';

export interface SafeTensor {
  dtype: Dtype;
  shape: number[];
  data: TensorData;
}
export type TensorMap = Record<string, SafeTensor>;
export type Metadata = Record<string, string>;
export interface Safetensors {
  tensors: TensorMap;
  metadata: Metadata;
}

const METADATA_KEY = '__metadata__';
const MAX_HEADER_BYTES = 100_000_000; // the reference reader's limit

if (endianness() !== 'LE') throw new Error('safetensors: this code assumes a little-endian host');

function numel(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkTensor(name: string, t: SafeTensor): void {
  const where = `safetensors: tensor '${name}'`;
  if (name === '' || name === METADATA_KEY) throw new Error(`${where}: invalid tensor name`);
  if (!isDtype(t.dtype)) throw new Error(`${where}: unknown dtype ${String(t.dtype)}`);
  if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new Error(`${where}: bad shape [${t.shape}]`);
  if (!DTYPES[t.dtype].accepts(t.data)) throw new Error(`${where}: data is a ${t.data.constructor.name}, not what ${t.dtype} needs`);
  if (t.data.length !== numel(t.shape)) throw new Error(`${where}: ${t.data.length} values for shape [${t.shape}]`);
}

/** Serialises tensors (and optional string metadata) to safetensors bytes. */
export function encodeSafetensors(tensors: TensorMap, metadata?: Metadata): Uint8Array {
  const names = Object.keys(tensors);
  for (const n of names) checkTensor(n, tensors[n]);
  // Same order as the reference writer: larger dtypes first (keeps every tensor aligned), then by name.
  names.sort((a, b) => DTYPES[tensors[b].dtype].rank - DTYPES[tensors[a].dtype].rank || (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new Error(`safetensors: metadata '${k}' must be a string`);
    }
    header[METADATA_KEY] = metadata;
  }
  let offset = 0;
  for (const n of names) {
    const t = tensors[n];
    const size = t.data.byteLength;
    header[n] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - (json.length % 8)) % 8;
  if (pad > 0) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const n of names) {
    const d = tensors[n].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), at);
    at += d.byteLength;
  }
  return out;
}

interface Entry {
  name: string;
  dtype: Dtype;
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(name: string, v: unknown, fail: (msg: string) => never): Entry {
  if (typeof v !== 'object' || v === null) fail(`entry '${name}' is not an object`);
  const { dtype, shape, data_offsets: off } = v as Record<string, unknown>;
  if (!isDtype(dtype)) fail(`entry '${name}' has unknown dtype ${JSON.stringify(dtype)}`);
  const isIntArray = (a: unknown): a is number[] =>
    Array.isArray(a) && a.every((d) => Number.isSafeInteger(d) && d >= 0);
  if (!isIntArray(shape)) fail(`entry '${name}' has a bad shape ${JSON.stringify(shape)}`);
  if (!isIntArray(off) || off.length !== 2 || off[0] > off[1]) {
    fail(`entry '${name}' has bad data_offsets ${JSON.stringify(off)}`);
  }
  const want = numel(shape) * DTYPES[dtype].bytes;
  if (off[1] - off[0] !== want) {
    fail(`entry '${name}' spans ${off[1] - off[0]} bytes but ${dtype}[${shape}] needs ${want}`);
  }
  return { name, dtype, shape, begin: off[0], end: off[1] };
}

function parseHeader(bytes: Uint8Array, fail: (msg: string) => never): { entries: Entry[]; metadata: Metadata; dataStart: number } {
  if (bytes.length < 8) fail(`truncated: ${bytes.length} bytes, the 8-byte header length is missing`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) fail(`header length ${n} is implausible (corrupt file?)`);
  const dataStart = 8 + Number(n);
  if (dataStart > bytes.length) fail(`truncated: header needs ${n} bytes but only ${bytes.length - 8} follow`);
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart));
    header = JSON.parse(text);
  } catch {
    fail('header is not valid UTF-8 JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  let metadata: Metadata = {};
  const entries: Entry[] = [];
  for (const [k, v] of Object.entries(header)) {
    if (k === METADATA_KEY) metadata = parseMetadata(v, fail);
    else entries.push(parseEntry(k, v, fail));
  }
  return { entries, metadata, dataStart };
}

function parseMetadata(v: unknown, fail: (msg: string) => never): Metadata {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('__metadata__ is not an object');
  const out: Metadata = {};
  for (const [k, s] of Object.entries(v)) {
    if (typeof s !== 'string') fail(`__metadata__ value '${k}' is not a string`);
    out[k] = s;
  }
  return out;
}

/** Parses safetensors bytes; `source` (a file name) appears in every error message. */
export function decodeSafetensors(bytes: Uint8Array, source = '<bytes>'): Safetensors {
  const fail = (msg: string): never => {
    throw new Error(`${source}: not a valid safetensors file: ${msg}`);
  };
  const { entries, metadata, dataStart } = parseHeader(bytes, fail);
  const dataLen = bytes.length - dataStart;
  // The tensors must tile the data buffer exactly: no gaps, no overlaps, nothing missing.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of sorted) {
    if (e.begin !== cursor) fail(`tensor '${e.name}' starts at ${e.begin}, expected ${cursor} (gap or overlap)`);
    cursor = e.end;
  }
  if (cursor > dataLen) fail(`truncated: header declares ${cursor} data bytes but the file holds ${dataLen}`);
  if (cursor < dataLen) fail(`${dataLen - cursor} trailing bytes after the last tensor`);
  const tensors: TensorMap = {};
  for (const e of entries) {
    const copy = new Uint8Array(e.end - e.begin); // fresh, aligned buffer (a Buffer's slice is a view)
    copy.set(bytes.subarray(dataStart + e.begin, dataStart + e.end));
    tensors[e.name] = { dtype: e.dtype, shape: e.shape, data: DTYPES[e.dtype].view(copy.buffer) };
  }
  return { tensors, metadata };
}

/** Writes a safetensors file atomically. */
export function saveSafetensors(path: string, tensors: TensorMap, metadata?: Metadata): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

export async function saveSafetensorsAsync(path: string, tensors: TensorMap, metadata?: Metadata): Promise<void> {
  await writeFileAtomicAsync(path, encodeSafetensors(tensors, metadata));
}

/** Reads and validates a safetensors file; errors name the file and what is wrong. */
export function loadSafetensors(path: string): Safetensors {
  return decodeSafetensors(readFileSync(path), path);
}

export async function loadSafetensorsAsync(path: string): Promise<Safetensors> {
  return decodeSafetensors(await readFile(path), path);
}
