import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeIdx, parseIdx } from './idx.js';

test('parses a hand-built IDX file', () => {
  // magic 00 00 08 03, dims 2 x 2 x 3 (big-endian), then 12 values
  const bytes = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, ...Array.from({ length: 12 }, (_, i) => i)]);
  const a = parseIdx(bytes, 'f');
  assert.deepEqual(a.dims, [2, 2, 3]);
  assert.deepEqual([...a.data], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual(encodeIdx([2, 2, 3], a.data), bytes);
});

test('refuses bad magic, other types, truncation and trailing bytes with the file name', () => {
  const good = encodeIdx([3], Uint8Array.from([1, 2, 3]));
  const cases: [Uint8Array, RegExp][] = [
    [good.subarray(0, 2), /truncated: 2 bytes/],
    [Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), /bad magic 0x01000801/],
    [Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]), /type 0xd is not uint8/],
    [good.subarray(0, 6), /dimension sizes are incomplete/],
    [good.subarray(0, 10), /truncated: dims \[3\] need 3 bytes of data, found 2/],
    [Uint8Array.from([...good, 9]), /1 trailing bytes/],
  ];
  for (const [bytes, re] of cases) {
    assert.throws(() => parseIdx(bytes, '/d/x-idx1-ubyte'), (e: Error) => {
      assert.match(e.message, re);
      assert.ok(e.message.startsWith('/d/x-idx1-ubyte: not a valid IDX file: '));
      return true;
    });
  }
});
