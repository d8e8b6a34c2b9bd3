// Wide residual networks WRN-d-k (Zagoruyko & Komodakis 2016) for CIFAR-10, as SNIP uses them
// (Lee et al. 2019, Table 2): a 3×3·16 stem, three groups of (d − 4)/6 pre-activation basic
// blocks of widths 16k, 32k, 64k (strides 1, 2, 2), BN → ReLU, global average pool, dense.
// On 64x64 inputs (Tiny-ImageNet) the stem has stride 2.
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNorm, conv, dense, relu, stemScale, type KernelInit, type Sym } from './blocks.js';
import { initializerSequence } from './init.js';
import type { BuildOptions, ModelSpec } from './model_spec.js';

/**
 * A pre-activation basic block: o = ReLU(BN(x)); y = conv3×3(ReLU(BN(conv3×3(o, stride))));
 * out = y + (shape changes ? conv1×1(o, stride) : x). As in the authors' code, convolutions
 * have no bias (each output reaches a batch norm before any non-linearity, so a bias would
 * be cancelled) and the projection shortcut reads the pre-activated input.
 */
function basicBlock(id: string, x: Sym, filters: number, strides: number, kernel: () => KernelInit): Sym {
  const inFilters = x.shape[x.shape.length - 1];
  const o = relu(`${id}_relu1`, batchNorm(`${id}_bn1`, x));
  let y = conv(`${id}_conv1`, o, { filters, kernelSize: 3, strides, useBias: false }, kernel());
  y = relu(`${id}_relu2`, batchNorm(`${id}_bn2`, y));
  y = conv(`${id}_conv2`, y, { filters, kernelSize: 3, useBias: false }, kernel());
  const projected = inFilters !== filters || strides !== 1;
  const shortcut = projected
    ? conv(`${id}_shortcut`, o, { filters, kernelSize: 1, strides, useBias: false }, kernel())
    : x;
  return tfl.layers.add({ name: `${id}_add` }).apply([y, shortcut]) as Sym;
}

function wrn(depth: number, k: number): ModelSpec {
  if ((depth - 4) % 6 !== 0) throw new Error(`WRN depth must be 6n + 4, got ${depth}`);
  const n = (depth - 4) / 6;
  const name = `wrn-${depth}-${k}`;
  return {
    name,
    description: `WRN-${depth}-${k}: 3×3·16 stem, 3 groups × ${n} pre-activation basic blocks (widths ${16 * k}, ${32 * k}, ${64 * k}), global average pool, dense to the classes`,
    datasets: ['cifar10', 'tiny-imagenet'],
    build({ init, seed, inputShape, numClasses }: BuildOptions) {
      const strides = stemScale(inputShape);
      const kernel = initializerSequence(init, seed);
      const input = tfl.input({ shape: inputShape, name: 'input' });
      let h = conv('conv0', input, { filters: 16, kernelSize: 3, strides, useBias: false }, kernel());
      [16 * k, 32 * k, 64 * k].forEach((filters, g) => {
        for (let b = 0; b < n; b++) {
          const strides = g > 0 && b === 0 ? 2 : 1;
          h = basicBlock(`g${g + 1}b${b + 1}`, h, filters, strides, kernel);
        }
      });
      h = relu('relu_final', batchNorm('bn_final', h));
      h = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(h) as Sym;
      const logits = dense('fc', h, numClasses, kernel());
      return tfl.model({ inputs: input, outputs: logits, name });
    },
  };
}

/** 10,954,160 prunable weights. */
export const wrn16x8: ModelSpec = wrn(16, 8);
/** 17,107,632 prunable weights. */
export const wrn16x10: ModelSpec = wrn(16, 10);
/** 17,147,312 prunable weights. */
export const wrn22x8: ModelSpec = wrn(22, 8);
