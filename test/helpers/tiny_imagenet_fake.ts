// A small fake Tiny-ImageNet in the official tiny-imagenet-200/ layout: 200 classes, `perClass`
// training JPEGs and one val JPEG per class, flat colours that encode (class, image) so a test
// can check every label; train image 1 of class 5 and the val image of class 7 are greyscale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { greyJpeg } from './grey_jpeg.js';

export const FAKE_WNIDS = Array.from({ length: 200 }, (_, i) => `n${String(1000000 + i * 7).padStart(8, '0')}`);
export const GREY_TRAIN = { label: 5, index: 1 };
export const GREY_VAL_LABEL = 7;

/** The RGB colour of image `index` of class `label` (val images use index 4; perClass is at most 4). */
export function fakeColour(label: number, index: number): [number, number, number] {
  return [label, 40 + 50 * index, 255 - label];
}
export const greyLevel = (label: number) => 60 + label;

function colourJpeg([r, g, b]: [number, number, number]): Uint8Array {
  const data = new Uint8Array(64 * 64 * 4);
  for (let p = 0; p < 64 * 64; p++) data.set([r, g, b, 255], p * 4);
  return jpeg.encode({ data, width: 64, height: 64 }, 95).data;
}

/** Writes the fake under `dir`/tiny-imagenet-200 and returns that folder. */
export function writeFakeTinyImagenet(dir: string, perClass: number): string {
  const root = join(dir, 'tiny-imagenet-200');
  mkdirSync(join(root, 'val', 'images'), { recursive: true });
  writeFileSync(join(root, 'wnids.txt'), `${FAKE_WNIDS.join('\n')}\n`);
  const annotations: string[] = [];
  FAKE_WNIDS.forEach((wnid, label) => {
    const images = join(root, 'train', wnid, 'images');
    mkdirSync(images, { recursive: true });
    writeFileSync(join(root, 'train', wnid, `${wnid}_boxes.txt`), ''); // present in the official layout, unused
    for (let i = 0; i < perClass; i++) {
      const grey = label === GREY_TRAIN.label && i === GREY_TRAIN.index;
      writeFileSync(join(images, `${wnid}_${i}.JPEG`), grey ? greyJpeg(64, () => greyLevel(label)) : colourJpeg(fakeColour(label, i)));
    }
    // val files in reverse class order, so val order and class order differ
    const v = FAKE_WNIDS.length - 1 - label;
    annotations[v] = `val_${v}.JPEG\t${wnid}\t0\t0\t63\t63`;
    const grey = label === GREY_VAL_LABEL;
    writeFileSync(join(root, 'val', 'images', `val_${v}.JPEG`), grey ? greyJpeg(64, () => greyLevel(label)) : colourJpeg(fakeColour(label, 4)));
  });
  writeFileSync(join(root, 'val', 'val_annotations.txt'), `${annotations.join('\n')}\n`);
  return root;
}
