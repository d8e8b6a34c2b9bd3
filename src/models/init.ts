// Kernel initialisers of the paper's initialisation study, seeded per layer.
import * as tfl from '@tensorflow/tfjs-layers';
import { mixSeed } from '../util/rng.js';
import type { InitName } from './model_spec.js';

type Initializer = ReturnType<typeof tfl.initializers.heNormal>;

/**
 * The kernel initialiser for one layer. Each layer draws from its own seed so that a
 * model is a pure function of (init, seed) whatever order layers are built in.
 */
export function kernelInitializer(init: InitName, seed: number, layerIndex: number): Initializer {
  const s = mixSeed(seed, layerIndex);
  switch (init) {
    case 'vs-h': // variance scaling, fan-in, scale 2 (He et al. 2015), truncated normal
      return tfl.initializers.heNormal({ seed: s });
    case 'vs-x': // variance scaling, fan average, scale 1 (Glorot & Bengio 2010)
      return tfl.initializers.glorotNormal({ seed: s });
    case 'tn':
      return tfl.initializers.truncatedNormal({ mean: 0, stddev: 0.1, seed: s });
    case 'rn':
      return tfl.initializers.randomNormal({ mean: 0, stddev: 0.1, seed: s });
    default: {
      const never: never = init;
      throw new Error(`unknown initialisation '${String(never)}'`);
    }
  }
}

/** A per-model helper: hands out a fresh seeded initialiser per layer, in build order. */
export function initializerSequence(init: InitName, seed: number): () => Initializer {
  let layer = 0;
  return () => kernelInitializer(init, seed, layer++);
}
