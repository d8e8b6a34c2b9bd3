import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEBIAN_FASHION_MNIST_DIR, fashionMnist } from './fashion_mnist.js';

test('missing files point at the Debian package or --data-dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'snip-fmnist-'));
  try {
    await assert.rejects(fashionMnist.load({ seed: 0, valFraction: 0.1, dataDir: dir }), (e: Error) => {
      assert.match(e.message, /train-images-idx3-ubyte: file not found .*install Debian's dataset-fashion-mnist or pass --data-dir/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loads the Debian copy when installed', async (t) => {
  if (!existsSync(DEBIAN_FASHION_MNIST_DIR)) return t.skip(`${DEBIAN_FASHION_MNIST_DIR} absent (apt-get install dataset-fashion-mnist)`);
  const d = await fashionMnist.load({ seed: 0, valFraction: 0.1 });
  assert.deepEqual([d.train.count, d.val.count, d.test.count], [54000, 6000, 10000]);
  assert.deepEqual([...d.test.y.subarray(0, 5)], [9, 2, 1, 1, 6]);
});
