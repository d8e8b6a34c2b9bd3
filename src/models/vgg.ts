// VGG-C, VGG-D and VGG-like for CIFAR-10 as in SNIP (Lee et al. 2019, Table 2): VGG's 13
// convolutions (Simonyan & Zisserman 2015) with BN, 5 max pools (32 → 1 pixel), 512-wide BN
// dense layers. VGG-like (Zagoruyko 2015) has one hidden dense layer instead of two.
// On 64x64 inputs (Tiny-ImageNet) the first convolution has stride 2, so the end is still 1x1.
import * as tfl from '@tensorflow/tfjs-layers';
import { convBnRelu, dense, denseBnRelu, flatten, maxPool, stemScale } from './blocks.js';
import { initializerSequence } from './init.js';
import type { BuildOptions, ModelSpec } from './model_spec.js';

// Per block, the kernel size of each conv; block b has 64·2^(b−1) filters, capped at 512.
type Blocks = readonly (readonly number[])[];
const D_BLOCKS: Blocks = [[3, 3], [3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]];
const C_BLOCKS: Blocks = [[3, 3], [3, 3], [3, 3, 1], [3, 3, 1], [3, 3, 1]]; // third conv of blocks 3–5 is 1×1

interface VggConfig {
  name: string;
  description: string;
  blocks: Blocks;
  hidden: number; // 512-wide dense + BN + ReLU layers before the classifier
}

function vgg({ name, description, blocks, hidden }: VggConfig): ModelSpec {
  return {
    name, description, datasets: ['cifar10', 'tiny-imagenet'],
    build({ init, seed, inputShape, numClasses }: BuildOptions) {
      const scale = stemScale(inputShape);
      const kernel = initializerSequence(init, seed);
      const input = tfl.input({ shape: inputShape, name: 'input' });
      let h = input;
      blocks.forEach((sizes, b) => {
        const filters = Math.min(64 * 2 ** b, 512);
        sizes.forEach((kernelSize, i) => {
          const strides = b === 0 && i === 0 ? scale : 1;
          h = convBnRelu(`${b + 1}_${i + 1}`, h, { filters, kernelSize, strides }, kernel());
        });
        h = maxPool(`pool${b + 1}`, h);
      });
      h = flatten(h);
      for (let i = 1; i <= hidden; i++) h = denseBnRelu(`${i}`, h, 512, kernel());
      const logits = dense(`fc${hidden + 1}`, h, numClasses, kernel());
      return tfl.model({ inputs: input, outputs: logits, name });
    },
  };
}

/** 10,521,280 prunable weights. */
export const vggC: ModelSpec = vgg({
  name: 'vgg-c', blocks: C_BLOCKS, hidden: 2,
  description: 'VGG-C: 13 convs + BN (third of blocks 3–5 is 1×1), 5 max pools, dense 512, 512 + BN, dense to the classes',
});

/** 15,239,872 prunable weights. */
export const vggD: ModelSpec = vgg({
  name: 'vgg-d', blocks: D_BLOCKS, hidden: 2,
  description: 'VGG-D: 13 3×3 convs + BN, 5 max pools, dense 512, 512 + BN, dense to the classes',
});

/** 14,977,728 prunable weights. */
export const vggLike: ModelSpec = vgg({
  name: 'vgg-like', blocks: D_BLOCKS, hidden: 1,
  description: 'VGG-like: 13 3×3 convs + BN, 5 max pools, dense 512 + BN, dense to the classes',
});
