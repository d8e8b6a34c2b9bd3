// Augmented training batches built ahead in a worker thread, so that cropping and flipping the
// next batches overlaps the training step (on the GPU the step runs asynchronously, so the main
// thread would otherwise build every batch in the step's critical path). batchAt(t) stays
// synchronous and returns exactly AugmentedSampler's batch t, in any order (resumed runs too).
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { AugmentedSampler, type AugmentedStream } from './augmented_sampler.js';
import type { Batch } from './batches.js';
import type { Split } from './dataset.js';

// The worker beside this file: .ts under tsx, .js once built; a single-file bundle has neither.
const WORKER = fileURLToPath(new URL(`./prefetch_worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
const WAIT_MS = 60_000; // a batch takes milliseconds; this only bounds a worker that died

export interface BatchStream {
  batchAt(t: number): Batch;
  close(): void;
}

/** The split with its values in shared memory (copied once), so the worker reads it in place. */
function shared(split: Split): Split {
  const share = <T extends Float32Array | Int32Array>(a: T, make: (b: SharedArrayBuffer) => T): T => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const out = make(new SharedArrayBuffer(a.byteLength));
    out.set(a);
    return out;
  };
  return { ...split, x: share(split.x, (b) => new Float32Array(b)), y: share(split.y, (b) => new Int32Array(b)) };
}

/** A shared array as the worker receives it: its buffer whole, since a structured-cloned view's length wraps at 4 GiB. */
export interface SharedView { buffer: SharedArrayBuffer; offset: number; length: number }

const viewOf = (a: Float32Array | Int32Array): SharedView => ({ buffer: a.buffer as SharedArrayBuffer, offset: a.byteOffset, length: a.length });

/** The split a worker rebuilds from `workerData` (see SharedView). */
export const splitFromViews = (x: SharedView, y: SharedView, count: number): Split =>
  ({ x: new Float32Array(x.buffer, x.offset, x.length), y: new Int32Array(y.buffer, y.offset, y.length), count });

/** Worker code that loads `file` (through tsx when it is TypeScript) and flags a failure to load. */
function bootstrap(file: string): string {
  const load = `import(${JSON.stringify(pathToFileURL(file).href)})`;
  // tsx resolved from here, not from the process's working directory.
  const viaTsx = file.endsWith('.ts') ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return ${load}; })` : load;
  return `const { workerData } = require('node:worker_threads');
${viaTsx}.catch((err) => {
  console.error('snip: batch prefetch worker: ' + err.message);
  Atomics.store(workerData.signal, 1, 1); Atomics.add(workerData.signal, 0, 1); Atomics.notify(workerData.signal, 0);
});`;
}

class PrefetchedBatches implements BatchStream {
  private readonly ready = new Map<number, Batch>();
  private readonly inFlight = new Set<number>();
  // [batches posted, 1 once the worker failed to load]: what the blocked main thread can see.
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private readonly port;
  private readonly worker: Worker;

  constructor(split: Split, stream: AugmentedStream, private readonly depth: number) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData = { x: viewOf(split.x), y: viewOf(split.y), count: split.count, stream, port: port2, signal: this.signal };
    this.worker = new Worker(bootstrap(WORKER), { eval: true, workerData, transferList: [port2] });
    this.worker.unref();
  }

  batchAt(t: number): Batch {
    for (let k = t; k < t + this.depth; k++) this.request(k);
    for (const k of [...this.ready.keys()]) if (k < t) this.ready.delete(k); // a jump back or ahead
    while (!this.ready.has(t)) this.receive();
    const b = this.ready.get(t)!;
    this.ready.delete(t);
    this.request(t + this.depth);
    return b;
  }

  close(): void {
    void this.worker.terminate();
    this.port.close();
  }

  private request(t: number): void {
    if (this.ready.has(t) || this.inFlight.has(t)) return;
    this.inFlight.add(t);
    this.port.postMessage(t);
  }

  private receive(): void {
    const seen = Atomics.load(this.signal, 0);
    let msg = receiveMessageOnPort(this.port);
    if (msg === undefined) {
      if (Atomics.wait(this.signal, 0, seen, WAIT_MS) === 'timed-out') throw new Error('the batch prefetch worker stopped answering');
      if (Atomics.load(this.signal, 1) === 1) throw new Error('the batch prefetch worker failed to load');
      msg = receiveMessageOnPort(this.port);
      if (msg === undefined) return;
    }
    const { t, x, y, n } = msg.message as Batch & { t: number };
    this.inFlight.delete(t);
    this.ready.set(t, { x, y, n });
  }
}

/**
 * Augmented batches, built `depth` iterations ahead in a worker thread; on the main thread when
 * `depth` is 0 or no worker file is at hand (e.g. the single-file bundle of scripts/device).
 */
export function augmentedBatches(split: Split, stream: AugmentedStream, depth = 2): BatchStream {
  if (depth < 1 || !existsSync(WORKER)) {
    const sampler = new AugmentedSampler(split, stream);
    return { batchAt: (t) => sampler.batchAt(t), close: () => {} };
  }
  return new PrefetchedBatches(shared(split), stream, depth);
}
