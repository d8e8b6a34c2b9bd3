// Unit tests run on tfjs-backend-cpu, the reference every other backend is checked against.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
