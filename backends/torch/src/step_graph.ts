// Training steps as CUDA graphs (csrc/graph.cc). After `warmup` eager calls (cuDNN autotuning,
// allocator warm-up) the step is run once under capture, where TF.js issues its kernels as
// usual but the GPU only records them; every later call copies the new inputs into the captured
// ones and replays the graph: one launch instead of ~1,200 kernels through TF.js.
//
// TF.js never writes a tensor in place: a step assigns each updated variable a new tensor. The
// graph reads the old tensor's memory and writes the new one's, so the capture ends with copies
// of every replaced variable's new value into its old memory, and each replay starts from the
// last one's result. A graph is used only while every variable still holds the tensor it held
// after capture, and for the same `args` and input shapes; otherwise the step is captured anew.
import { tidy, type DataId, type Tensor, type Variable } from '@tensorflow/tfjs-core';

import { KernelReplay, registeredVariables } from '../../kernel_replay.js';
import type { TorchBackend } from './backend_torch.js';

/** Mirrors src/train/compiled_step.ts (backends import nothing from the pipeline). */
type StepFn<A> = (inputs: Tensor[], args: A) => Tensor[];

interface Captured {
  graph: number;
  key: string;
  inputs: Tensor[];
  outputs: Tensor[];
  variables: [Variable, DataId][];
}

function keyOf(inputs: Tensor[], args: unknown): string {
  return JSON.stringify([args, inputs.map((t) => [t.shape, t.dtype])]);
}

export class GraphStep<A> {
  private calls = 0;
  private captured: Captured | undefined;
  private failure = '';

  /** Where capture fails, steps are replayed kernel by kernel instead (no engine, no uploads). */
  private readonly fallback: KernelReplay<A>;

  constructor(private readonly backend: TorchBackend, private readonly fn: StepFn<A>, private readonly warmup = 2) {
    this.fallback = new KernelReplay(backend, fn);
  }

  get mode(): string {
    return this.failure ? `${this.fallback.mode} (CUDA graph capture failed: ${this.failure})` : this.captured ? 'cuda-graph' : 'eager';
  }

  run(inputs: Tensor[], args: A): Tensor[] {
    if (this.failure) return this.fallback.run(inputs, args);
    if (this.calls++ < this.warmup) return this.eager(inputs, args);
    const key = keyOf(inputs, args);
    const addon = this.backend.addon;
    let stale: Captured | undefined;
    if (this.captured && (this.captured.key !== key || this.captured.variables.some(([v, id]) => v.isDisposed || v.dataId !== id))) {
      stale = this.captured;
      this.captured = undefined;
    }
    if (this.captured) {
      inputs.forEach((t, i) => addon.copyInto(this.backend.addonId(this.captured!.inputs[i]!.dataId), this.backend.addonId(t.dataId)));
    } else {
      try {
        // The graph replaced lends the new capture its memory pool, then goes.
        this.captured = this.capture(inputs, args, key, stale?.graph ?? 0);
      } catch (err) {
        this.failure = (err as Error).message.split('\n')[0] ?? String(err);
        process.stderr.write(`torch: CUDA graph capture failed (${this.failure}); steps are replayed kernel by kernel\n`);
        return this.fallback.run(inputs, args);
      } finally {
        if (stale) this.free(stale);
      }
    }
    addon.graphReplay(this.captured.graph);
    // Copies: the captured outputs are overwritten by the next replay.
    return this.captured.outputs.map((t) => this.backend.tensorOf(addon.clone(this.backend.addonId(t.dataId)), t.shape, t.dtype));
  }

  private eager(inputs: Tensor[], args: A): Tensor[] {
    return tidy(() => this.fn(inputs, args));
  }

  private capture(given: Tensor[], args: A, key: string, sharePoolOf: number): Captured {
    const addon = this.backend.addon;
    // The graph's own inputs: copies nobody else holds, refilled before every replay.
    const inputs = given.map((t) => this.backend.tensorOf(addon.clone(this.backend.addonId(t.dataId)), t.shape, t.dtype));
    const before = registeredVariables().map((v) => ({ v, dataId: v.dataId, id: this.backend.addonId(v.dataId) }));
    let outputs: Tensor[] = [];
    addon.graphBegin(sharePoolOf);
    try {
      outputs = tidy(() => this.fn(inputs, args));
      const replaced = before.filter(({ v, dataId }) => !v.isDisposed && v.dataId !== dataId);
      const shared = replaced.find(({ dataId }) => this.backend.holds(dataId));
      if (shared) throw new Error(`the value ${shared.v.name} had before the step is still referenced elsewhere`);
      addon.graphWriteBack(replaced.flatMap(({ v, id }) => [id, this.backend.addonId(v.dataId)]));
      const graph = addon.graphEnd();
      return { graph, key, inputs, outputs, variables: registeredVariables().map((v) => [v, v.dataId]) };
    } catch (err) {
      // Nothing ran: variables the step replaced hold values never computed. Give them back
      // the tensors they had (still alive in the open capture), then drop the capture.
      for (const { v, dataId, id } of before) {
        if (v.isDisposed || v.dataId === dataId) continue;
        const old = this.backend.tensorOf(addon.alias(id), v.shape, v.dtype);
        v.assign(old);
        old.dispose();
      }
      for (const t of [...inputs, ...outputs]) t.dispose();
      addon.graphAbort();
      throw err;
    }
  }

  private free(c: Captured): void {
    this.backend.addon.graphFree(c.graph);
    for (const t of [...c.inputs, ...c.outputs]) t.dispose();
  }

  dispose(): void {
    if (this.captured) this.free(this.captured);
    this.captured = undefined;
    this.fallback.dispose();
  }
}
