// AlexNet-s and AlexNet-b for CIFAR-10 as in SNIP (Lee et al. 2019, Table 2): AlexNet's five
// convolutions, each with stride 2 and no pooling (32 → 1 pixel), then two BN dense layers.
// On 64x64 inputs (Tiny-ImageNet) the first convolution has stride 4.
import * as tfl from '@tensorflow/tfjs-layers';
import { convBnRelu, dense, denseBnRelu, flatten, stemScale, type ConvOptions } from './blocks.js';
import { initializerSequence } from './init.js';
import type { BuildOptions, ModelSpec } from './model_spec.js';

// [kernel size, filters], every one stride 2 and SAME: 32 → 16 → 8 → 4 → 2 → 1.
const CONVS: readonly [number, number][] = [[11, 96], [5, 256], [3, 384], [3, 384], [3, 256]];

/** k = 1 (AlexNet-s: 5,066,784 prunable weights) or 2 (AlexNet-b: 8,484,896). */
function alexnet(name: string, k: 1 | 2): ModelSpec {
  const width = 1024 * k;
  return {
    name,
    description: `AlexNet-${k === 1 ? 's' : 'b'}: 5 stride-2 convs (11×11·96, 5×5·256, 3×3·384, 3×3·384, 3×3·256) + BN, dense ${width}, ${width} + BN, dense to the classes; first stride 4 on 64x64`,
    datasets: ['cifar10', 'tiny-imagenet'],
    build({ init, seed, inputShape, numClasses }: BuildOptions) {
      const scale = stemScale(inputShape);
      const kernel = initializerSequence(init, seed);
      const input = tfl.input({ shape: inputShape, name: 'input' });
      let h = input;
      CONVS.forEach(([kernelSize, filters], i) => {
        const o: ConvOptions = { filters, kernelSize, strides: i === 0 ? 2 * scale : 2 };
        h = convBnRelu(`${i + 1}`, h, o, kernel());
      });
      h = flatten(h);
      h = denseBnRelu('1', h, width, kernel());
      h = denseBnRelu('2', h, width, kernel());
      const logits = dense('fc3', h, numClasses, kernel());
      return tfl.model({ inputs: input, outputs: logits, name });
    },
  };
}

export const alexnetS: ModelSpec = alexnet('alexnet-s', 1);
export const alexnetB: ModelSpec = alexnet('alexnet-b', 2);
