import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors, loadSafetensors, saveSafetensors, type TensorMap } from './safetensors.js';

// Expected bytes from the reference implementation's own tests
// (huggingface/safetensors bindings/python/tests/test_simple.py): numpy int32 zeros (2, 2).
const ZEROS_I32 = Buffer.concat([
  Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0]),
  Buffer.from('{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}    ', 'latin1'),
  Buffer.alloc(16),
]);

function bytesOf(s: string, data: number[]): Uint8Array {
  const json = Buffer.from(s, 'latin1');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, Buffer.from(data)]);
}

test('encoding matches the reference writer byte for byte', () => {
  const out = encodeSafetensors({ test: { dtype: 'I32', shape: [2, 2], data: new Int32Array(4) } });
  assert.deepEqual(Buffer.from(out), ZEROS_I32);
  const one = new Int32Array(4);
  one[3] = 1;
  const out2 = encodeSafetensors({ test: { dtype: 'I32', shape: [2, 2], data: one } });
  assert.deepEqual([...out2.subarray(72)], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
});

test('larger dtypes come first and metadata leads the header, as in the reference', () => {
  const a = encodeSafetensors({
    test2: { dtype: 'F16', shape: [2, 2], data: new Uint16Array(4) },
    test1: { dtype: 'I32', shape: [2, 2], data: new Int32Array(4) },
  });
  const json = '{"test1":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]},"test2":{"dtype":"F16","shape":[2,2],"data_offsets":[16,24]}}      ';
  assert.deepEqual(Buffer.from(a), bytesOf(json, new Array(24).fill(0)));
  const m = encodeSafetensors({ test1: { dtype: 'I32', shape: [2, 2], data: new Int32Array(4) } }, { framework: 'pt' });
  const mjson = '{"__metadata__":{"framework":"pt"},"test1":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}} ';
  assert.deepEqual(Buffer.from(m), bytesOf(mjson, new Array(16).fill(0)));
});

test('a hand-built file decodes to the expected values', () => {
  // F32 [1.5, -2] (0x3fc00000, 0xc0000000 little-endian) and U8 [7, 255, 0]; header unpadded.
  const json = '{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"m":{"dtype":"U8","shape":[1,3],"data_offsets":[8,11]}}';
  const bytes = bytesOf(json, [0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0, 7, 255, 0]);
  const { tensors, metadata } = decodeSafetensors(bytes);
  assert.deepEqual(metadata, { k: 'v' });
  assert.deepEqual([...tensors.w.data], [1.5, -2]);
  assert.ok(tensors.w.data instanceof Float32Array);
  assert.deepEqual(tensors.m, { dtype: 'U8', shape: [1, 3], data: new Uint8Array([7, 255, 0]) });
});

test('round trip of every dtype, with scalars and empty tensors, through a file', () => {
  const t: TensorMap = {
    f32: { dtype: 'F32', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.25]) },
    f64: { dtype: 'F64', shape: [], data: Float64Array.from([Math.PI]) },
    f16: { dtype: 'F16', shape: [2], data: Uint16Array.from([0x3c00, 0xc000]) },
    i32: { dtype: 'I32', shape: [3], data: Int32Array.from([-1, 0, 2 ** 31 - 1]) },
    i64: { dtype: 'I64', shape: [2], data: BigInt64Array.from([-5n, 2n ** 40n]) },
    u8: { dtype: 'U8', shape: [0, 4], data: new Uint8Array(0) },
    i8: { dtype: 'I8', shape: [1], data: Int8Array.from([-128]) },
    b: { dtype: 'BOOL', shape: [3], data: Uint8Array.from([1, 0, 1]) },
  };
  const dir = mkdtempSync(join(tmpdir(), 'snip-st-'));
  try {
    const p = join(dir, 'x.safetensors');
    saveSafetensors(p, t, { note: 'hi' });
    const back = loadSafetensors(p);
    assert.deepEqual(back.metadata, { note: 'hi' });
    assert.deepEqual(back.tensors, t);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('encoding refuses inconsistent tensors', () => {
  assert.throws(() => encodeSafetensors({ a: { dtype: 'F32', shape: [3], data: new Float32Array(2) } }), /2 values for shape \[3\]/);
  assert.throws(() => encodeSafetensors({ a: { dtype: 'F32', shape: [2], data: new Int32Array(2) } }), /Int32Array/);
});

test('truncated and corrupt files give one-line errors naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snip-st-'));
  try {
    const p = join(dir, 'bad.safetensors');
    const cases: [Uint8Array, RegExp][] = [
      [ZEROS_I32.subarray(0, 5), /truncated: 5 bytes/],
      [ZEROS_I32.subarray(0, 40), /truncated: header needs 64 bytes/],
      [ZEROS_I32.subarray(0, ZEROS_I32.length - 1), /truncated: header declares 16 data bytes but the file holds 15/],
      [Buffer.concat([ZEROS_I32, Buffer.from([0])]), /1 trailing bytes/],
      [bytesOf('{"a":', []), /not valid UTF-8 JSON/],
      [bytesOf('[1,2]', []), /not a JSON object/],
      [bytesOf('{"a":{"dtype":"Q8","shape":[1],"data_offsets":[0,1]}}', [0]), /unknown dtype "Q8"/],
      [bytesOf('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]), /needs 8/],
      [bytesOf('{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', [0, 0]), /gap or overlap/],
      [bytesOf('{"__metadata__":{"k":1}}', []), /__metadata__ value 'k' is not a string/],
      [Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0]), /implausible/],
    ];
    for (const [bytes, re] of cases) {
      writeFileSync(p, bytes);
      assert.throws(() => loadSafetensors(p), (e: Error) => {
        assert.match(e.message, re);
        assert.ok(e.message.startsWith(p), e.message);
        assert.ok(!e.message.includes('\n'));
        return true;
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
