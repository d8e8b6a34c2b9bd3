// A small fake Tiny-ImageNet in the official tiny-imagenet-200/ layout: 200 classes, `perClass`
// training JPEGs and one val JPEG per class, each a flat colour that encodes (class, image) so
// a test can check every label. Classes below COLOUR_CLASSES are colour JPEGs (jpeg-js, slow to
// encode), the rest greyscale (our own encoder, fast), as some of the real images are.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { greyJpeg } from './grey_jpeg.js';

export const FAKE_WNIDS = Array.from({ length: 200 }, (_, i) => `n${String(1000000 + i * 7).padStart(8, '0')}`);
export const COLOUR_CLASSES = 4;
export const VAL_INDEX = 4; // val images are coloured as image 4 of their class (perClass is at most 4)

/** The RGB pixel of image `index` of class `label`. */
export function fakePixel(label: number, index: number): [number, number, number] {
  if (label < COLOUR_CLASSES) return [30 * label, 40 + 50 * index, 255 - 30 * label];
  const level = (label + 37 * index) % 256;
  return [level, level, level];
}

function fakeJpeg(label: number, index: number): Uint8Array {
  const [r, g, b] = fakePixel(label, index);
  if (label >= COLOUR_CLASSES) return greyJpeg(64, () => r);
  const data = new Uint8Array(64 * 64 * 4);
  for (let p = 0; p < 64 * 64; p++) data.set([r, g, b, 255], p * 4);
  return jpeg.encode({ data, width: 64, height: 64 }, 95).data;
}

/** Writes the fake under `dir`/tiny-imagenet-200 and returns that folder. */
export function writeFakeTinyImagenet(dir: string, perClass: number): string {
  if (perClass > VAL_INDEX) throw new Error(`writeFakeTinyImagenet: perClass ${perClass} > ${VAL_INDEX}`);
  const root = join(dir, 'tiny-imagenet-200');
  mkdirSync(join(root, 'val', 'images'), { recursive: true });
  writeFileSync(join(root, 'wnids.txt'), `${FAKE_WNIDS.join('\n')}\n`);
  const annotations: string[] = [];
  FAKE_WNIDS.forEach((wnid, label) => {
    const images = join(root, 'train', wnid, 'images');
    mkdirSync(images, { recursive: true });
    writeFileSync(join(root, 'train', wnid, `${wnid}_boxes.txt`), ''); // in the official layout, unused
    for (let i = 0; i < perClass; i++) writeFileSync(join(images, `${wnid}_${i}.JPEG`), fakeJpeg(label, i));
    // val files in reverse class order, so val order and class order differ
    const v = FAKE_WNIDS.length - 1 - label;
    annotations[v] = `val_${v}.JPEG\t${wnid}\t0\t0\t63\t63`;
    writeFileSync(join(root, 'val', 'images', `val_${v}.JPEG`), fakeJpeg(label, VAL_INDEX));
  });
  writeFileSync(join(root, 'val', 'val_annotations.txt'), `${annotations.join('\n')}\n`);
  return root;
}
