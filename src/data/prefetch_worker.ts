// The prefetch worker (prefetch.ts): builds augmented batches on request, off the main thread.
import { workerData, type MessagePort } from 'node:worker_threads';
import { AugmentedSampler, type AugmentedStream } from './augmented_sampler.js';
import { splitFromViews, type SharedView } from './prefetch.js';

const { x, y, count, stream, port, signal } = workerData as { x: SharedView; y: SharedView; count: number; stream: AugmentedStream; port: MessagePort; signal: Int32Array };
const sampler = new AugmentedSampler(splitFromViews(x, y, count), stream);
port.on('message', (t: number) => {
  const b = sampler.batchAt(t);
  port.postMessage({ t, ...b }, [b.x.buffer as ArrayBuffer, b.y.buffer as ArrayBuffer]);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
