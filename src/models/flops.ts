// Forward FLOPs per example (a multiply-add counts as 2), from each layer's kernel and output.
import type { LayersModel } from '@tensorflow/tfjs-layers';

export function forwardFlops(model: LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const kernel = layer.trainableWeights[0];
    const out = layer.outputShape as (number | null)[];
    switch (layer.getClassName()) {
      case 'Dense':
      case 'Conv1D':
      case 'Conv2D': {
        // Every output position does one multiply-add per kernel entry feeding one output unit.
        const kernelSize = kernel.shape.reduce((a, b) => (a as number) * (b as number), 1) as number;
        const positions = out.slice(1, -1).reduce((a, b) => (a as number) * (b ?? 1), 1) as number;
        flops += 2 * kernelSize * positions;
        break;
      }
      case 'LSTM':
      case 'GRU':
      case 'SimpleRNN': {
        // Each time step does one multiply-add per entry of the input and recurrent kernels.
        const input = layer.input as { shape: (number | null)[] };
        const steps = input.shape[1] ?? 1;
        flops += 2 * (size(kernel.shape) + size(layer.trainableWeights[1].shape)) * steps;
        break;
      }
      default:
        break; // pooling, activations, normalisation: negligible next to the kernels
    }
  }
  return flops;
}

function size(shape: readonly (number | null)[]): number {
  return shape.reduce((a: number, b) => a * (b ?? 1), 1);
}
