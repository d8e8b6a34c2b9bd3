import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRng } from '../util/rng.js';
import { decodeIndex, encodeBitmap, encodeGaps, encodeIndex, keptPositions } from './sparse_index.js';

function randomMask(size: number, density: number, seed: number): Uint8Array {
  const rng = makeRng(seed);
  return Uint8Array.from({ length: size }, () => (rng() < density ? 1 : 0));
}

test('both codings decode to the exact kept positions, and the smaller one is chosen', () => {
  for (const [size, density] of [[1, 1], [7, 0.5], [1000, 0.01], [1000, 0.5], [400_000, 0.01], [25_000, 0.13], [5000, 1]] as const) {
    const positions = keptPositions(randomMask(size, density, size));
    const gaps = encodeGaps(positions);
    const bitmap = encodeBitmap(positions, size);
    for (const index of [{ coding: 'gaps' as const, bytes: gaps }, { coding: 'bitmap' as const, bytes: bitmap }]) {
      assert.deepEqual(decodeIndex(index, size, positions.length, 't'), positions, `${index.coding} ${size}@${density}`);
    }
    const chosen = encodeIndex(positions, size);
    assert.equal(chosen.bytes.length, Math.min(gaps.length, bitmap.length));
  }
  assert.equal(encodeIndex(keptPositions(randomMask(400_000, 0.01, 1)), 400_000).coding, 'gaps');
  assert.equal(encodeIndex(keptPositions(randomMask(1000, 0.5, 1)), 1000).coding, 'bitmap');
});

test('gaps are LEB128 varints: one byte below 128, more for long runs of pruned weights', () => {
  assert.deepEqual([...encodeGaps(Int32Array.from([0, 1, 129]))], [0, 0, 127]);
  assert.deepEqual([...encodeGaps(Int32Array.from([128]))], [0x80, 0x01]);
  const far = Int32Array.from([3, 3 + 1 + 2 ** 21, 2 ** 30]);
  assert.deepEqual(decodeIndex({ coding: 'gaps', bytes: encodeGaps(far) }, 2 ** 30 + 1, 3, 't'), far);
});

test('a corrupt index is refused with a message that says so', () => {
  const positions = Int32Array.from([1, 5, 9]);
  const bitmap = encodeBitmap(positions, 10);
  assert.throws(() => decodeIndex({ coding: 'bitmap', bytes: bitmap }, 10, 2, 'w'), /w: corrupt index: more than 2/);
  assert.throws(() => decodeIndex({ coding: 'bitmap', bytes: bitmap }, 10, 4, 'w'), /3 positions for 4/);
  assert.throws(() => decodeIndex({ coding: 'bitmap', bytes: Uint8Array.from([0, 0x80]) }, 10, 0, 'w'), /past the last weight/);
  assert.throws(() => decodeIndex({ coding: 'bitmap', bytes: bitmap.subarray(1) }, 10, 3, 'w'), /bitmap of 1 bytes/);
  assert.throws(() => decodeIndex({ coding: 'gaps', bytes: Uint8Array.from([0, 3, 3, 3]) }, 10, 4, 'w'), /position 12 past/);
  assert.throws(() => decodeIndex({ coding: 'gaps', bytes: Uint8Array.from([0, 0x83]) }, 10, 2, 'w'), /inside a varint/);
  assert.throws(() => decodeIndex({ coding: 'rle' as 'gaps', bytes: new Uint8Array(0) }, 10, 0, 'w'), /unknown coding 'rle'/);
});
