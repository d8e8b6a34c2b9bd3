// Loads an MNIST-style data set (four IDX files, plain or gzipped, checked by SHA-256) into
// raw uint8 splits. Shared by mnist.ts and fashion_mnist.ts.
import { readExpectedFile, type ExpectedFile } from './data_file.js';
import { parseIdx } from './idx.js';
import type { RawData, RawSplit } from './split.js';

export interface IdxFiles {
  trainImages: ExpectedFile;
  trainLabels: ExpectedFile;
  testImages: ExpectedFile;
  testLabels: ExpectedFile;
}

export interface IdxSource {
  name: string; // data set name, e.g. 'mnist'
  dir: string;
  files: IdxFiles;
  fix: string; // what the user should do when a file is missing or bad
  numClasses: number;
  imageShape: [number, number]; // [h, w]
}

function loadPair(src: IdxSource, images: ExpectedFile, labels: ExpectedFile): RawSplit {
  const [h, w] = src.imageShape;
  const img = parseIdx(readExpectedFile(src.dir, images, src.fix), `${src.dir}/${images.name}`);
  const lab = parseIdx(readExpectedFile(src.dir, labels, src.fix), `${src.dir}/${labels.name}`);
  if (img.dims.length !== 3 || img.dims[1] !== h || img.dims[2] !== w) {
    throw new Error(`${src.dir}/${images.name}: dims [${img.dims}] are not [n, ${h}, ${w}]; ${src.fix}`);
  }
  if (lab.dims.length !== 1 || lab.dims[0] !== img.dims[0]) {
    throw new Error(`${src.dir}/${labels.name}: dims [${lab.dims}] do not match ${img.dims[0]} images; ${src.fix}`);
  }
  return { x: img.data, y: lab.data, count: img.dims[0] };
}

/** Reads and verifies the four files; returns the official train and test sets. */
export function loadIdxSource(src: IdxSource): RawData {
  return {
    name: src.name,
    inputShape: [src.imageShape[0], src.imageShape[1], 1],
    numClasses: src.numClasses,
    train: loadPair(src, src.files.trainImages, src.files.trainLabels),
    test: loadPair(src, src.files.testImages, src.files.testLabels),
  };
}
