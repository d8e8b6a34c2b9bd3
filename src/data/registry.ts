// Every data set the library and CLI can load by name.
import { cifar10 } from './cifar10.js';
import type { DatasetSpec } from './dataset.js';
import { fashionMnist } from './fashion_mnist.js';
import { mnist } from './mnist.js';
import { mnistSeq } from './mnist_seq.js';
import { synthetic } from './synthetic.js';
import { syntheticSeq } from './synthetic_seq.js';
import { tinyImagenet } from './tiny_imagenet.js';

export const datasets: Record<string, DatasetSpec> = {
  [mnist.name]: mnist,
  [mnistSeq.name]: mnistSeq,
  [fashionMnist.name]: fashionMnist,
  [cifar10.name]: cifar10,
  [tinyImagenet.name]: tinyImagenet,
  [synthetic.name]: synthetic,
  [syntheticSeq.name]: syntheticSeq,
};

/** The spec registered as `name`; an unknown name throws an error listing the valid ones. */
export function getDataset(name: string): DatasetSpec {
  const spec = Object.prototype.hasOwnProperty.call(datasets, name) ? datasets[name] : undefined;
  if (spec === undefined) throw new Error(`unknown dataset '${name}'; valid: ${Object.keys(datasets).join(', ')}`);
  return spec;
}
