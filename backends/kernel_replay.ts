// Steps replayed kernel by kernel, without TF.js's engine or tfjs-layers around each kernel.
// On a CPU backend every kernel is a synchronous JS function, and a small network's step spends
// more time in the engine (tape, scopes, tensor bookkeeping) and in tfjs-layers than in its
// kernels. A step is run once through the engine while its registered kernel calls are
// recorded; later calls with inputs of the same shapes and the same args call the recorded
// kernel functions directly, then give each variable the step assigned its new value. Variables
// are read at replay time, so a trace stays valid while training changes the weights. Each
// intermediate is released right after its last use, as the engine would have (kernels that
// write into a value nothing else holds, like native's masked SGD, depend on that); kernels whose
// outputs nothing uses are left out. A step that reads values on the host (its control flow may
// depend on them) runs eagerly.
import { engine, getKernel, tidy, type DataId, type KernelBackend, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type Tensor, type TensorInfo, type Variable } from '@tensorflow/tfjs-core';

/** Mirrors src/train/compiled_step.ts (backends import nothing from the pipeline). */
type StepFn<A> = (inputs: Tensor[], args: A) => Tensor[];

type Ref =
  | { kind: 'input'; index: number }
  | { kind: 'variable'; variable: Variable }
  | { kind: 'const'; info: TensorInfo } // a tensor made during the trace or held by others, kept alive
  | { kind: 'output'; entry: number; index: number }
  // Another tensor on the data of `base` (the engine's clones of tensors saved for the backward
  // pass are made inside kernel calls, so they are not recorded; a reshape inside a kernel).
  | { kind: 'alias'; base: Ref; shape: number[]; dtype: TensorInfo['dtype'] };

/** A recorded kernel call, as a backend's fusion rule sees it. */
export interface KernelSite {
  kernelName: string;
  fn: KernelFunc;
  attrs: NamedAttrMap | undefined;
}

/** What replaces a pair: one kernel run on the first's inputs, giving the second's output. */
export interface FusedPair {
  fn: KernelFunc;
  attrs: NamedAttrMap;
}

/** A backend's rule: the fused form of `first` followed by `second`, which reads only first's output. */
export type FusePair = (first: KernelSite, second: KernelSite) => FusedPair | undefined;

/** The ref an alias stands on (the data's maker), or the ref itself. */
const baseOf = (r: Ref): Ref => (r.kind === 'alias' ? baseOf(r.base) : r);

interface Entry extends KernelSite {
  inputs: [string, Ref | null][];
  inputList: boolean; // the inputs are an array (AddN's), not named
  /** Per output: release it after this entry has run (its last use), or -1 to keep it. */
  releaseAfter: number[];
  /** False when nothing the step returns, assigns or reads again comes from it: not replayed. */
  live: boolean;
}

interface Trace {
  entries: Entry[];
  outputs: Ref[];
  /** Variables the step assigned, and the kernel output each ends up holding. */
  assigns: [Variable, Ref][];
  /** Every variable the replay reads or assigns: all must still exist. */
  variables: Variable[];
  consts: DataId[];
}

interface RegisteredCall {
  kernelName?: string;
  inputs?: Record<string, TensorInfo | null | undefined>;
  attrs?: NamedAttrMap;
}

/** The engine's registered variables (weights, optimizer state, batch-norm statistics). */
export function registeredVariables(): Variable[] {
  return Object.values((engine() as unknown as { state: { registeredVariables: Record<string, Variable> } }).state.registeredVariables);
}

const MAX_TRACES = 4; // e.g. evaluation's full batches and its last, smaller one

export class KernelReplay<A> {
  private readonly traces = new Map<string, Trace>();
  private calls = 0;
  private failure = '';

  constructor(private readonly backend: KernelBackend, private readonly fn: StepFn<A>, private readonly warmup = 1,
    private readonly fusePair?: FusePair) {}

  get mode(): string {
    return this.failure ? `eager (${this.failure})` : this.traces.size > 0 ? 'kernel-replay' : 'eager';
  }

  run(inputs: Tensor[], args: A): Tensor[] {
    if (this.failure || this.calls++ < this.warmup) return tidy(() => this.fn(inputs, args));
    const key = JSON.stringify([args, inputs.map((t) => [t.shape, t.dtype])]);
    const trace = this.traces.get(key);
    if (trace && this.valid(trace)) return this.replay(trace, inputs);
    if (trace) this.forget(key, trace);
    // The traced call runs the step once, for real: its outputs are this call's either way.
    const { outputs, trace: made, unfit } = this.record(inputs, args);
    if (unfit) {
      this.failure = unfit;
      return outputs;
    }
    if (this.traces.size >= MAX_TRACES) {
      const [oldKey, old] = this.traces.entries().next().value as [string, Trace];
      this.forget(oldKey, old);
    }
    this.traces.set(key, made);
    return outputs;
  }

  dispose(): void {
    for (const [key, trace] of [...this.traces]) this.forget(key, trace);
  }

  private valid(trace: Trace): boolean {
    return trace.variables.every((v) => !v.isDisposed);
  }

  private forget(key: string, trace: Trace): void {
    for (const id of trace.consts) this.backend.disposeData(id);
    this.traces.delete(key);
  }

  /** Runs the step through the engine, recording its top-level registered kernel calls. */
  private record(inputs: Tensor[], args: A): { outputs: Tensor[]; trace: Trace; unfit?: string } {
    const eng = engine() as unknown as { runKernelFunc(p: RegisteredCall): Tensor | Tensor[]; backendName: string };
    const backend = this.backend;
    const variables = new Map(registeredVariables().map((v) => [v.dataId, v]));
    const used = new Set<Variable>();
    const before = new Map([...variables].map(([id, v]) => [v, id]));
    // Keyed by the tensor object, not its data: a reshape shares its input's data in another shape.
    const refs = new Map<TensorInfo, Ref>(inputs.map((t, index) => [t, { kind: 'input', index }]));
    // Kernel outputs (and the inputs) by data: what a variable was given, and what a tensor the
    // engine made without a kernel (a clone saved for the backward pass) stands for.
    const byData = new Map<DataId, [Ref, number[]][]>(inputs.map((t, index) => [t.dataId, [[{ kind: 'input', index }, t.shape]]]));
    const entries: Entry[] = [];
    const consts: DataId[] = [];
    const refOf = (t: TensorInfo): Ref => {
      let ref = refs.get(t);
      if (ref === undefined) {
        const variable = variables.get(t.dataId);
        const made = byData.get(t.dataId)?.at(-1)?.[0];
        if (variable) used.add(variable);
        if (variable && String(variable.shape) === String(t.shape)) ref = { kind: 'variable', variable };
        else if (variable) ref = { kind: 'alias', base: { kind: 'variable', variable }, shape: t.shape, dtype: t.dtype };
        else if (made) ref = { kind: 'alias', base: made, shape: t.shape, dtype: t.dtype };
        else {
          backend.incRef(t.dataId); // made in the step (a constant) or held elsewhere: keep it
          consts.push(t.dataId);
          ref = { kind: 'const', info: { dataId: t.dataId, shape: t.shape, dtype: t.dtype } };
        }
        refs.set(t, ref);
      }
      return ref;
    };
    const original = eng.runKernelFunc;
    const readSync = backend.readSync, read = backend.read;
    let depth = 0;
    let hostRead = false;
    eng.runKernelFunc = function (this: unknown, p: RegisteredCall) {
      if (p.kernelName === undefined) return original.call(this, p); // a custom gradient's forward: its kernels are recorded
      const top = depth === 0;
      const ins = top ? Object.entries(p.inputs ?? {}).map(([name, t]): [string, Ref | null] => [name, t == null ? null : refOf(t)]) : [];
      depth++;
      let out: Tensor | Tensor[];
      try {
        out = original.call(this, p);
      } finally {
        depth--;
      }
      if (top) {
        const entry = entries.length;
        const outs = Array.isArray(out) ? out : [out];
        entries.push({ kernelName: p.kernelName, fn: getKernel(p.kernelName, eng.backendName)!.kernelFunc, inputs: ins, inputList: Array.isArray(p.inputs), attrs: p.attrs, releaseAfter: outs.map(() => entry), live: true });
        outs.forEach((t, index) => {
          const ref: Ref = { kind: 'output', entry, index };
          refs.set(t, ref);
          byData.set(t.dataId, [...(byData.get(t.dataId) ?? []), [ref, t.shape]]);
        });
      }
      return out;
    };
    // Kernels read their inputs' values too (tfjs-backend-cpu's bufferSync); only reads by the
    // step's own code, between kernels, make it unfit.
    backend.readSync = (d: DataId) => { hostRead ||= depth === 0; return readSync.call(backend, d); };
    backend.read = (d: DataId) => { hostRead ||= depth === 0; return read.call(backend, d); };
    let outputs: Tensor[] = [];
    try {
      outputs = tidy(() => this.fn(inputs, args));
    } finally {
      eng.runKernelFunc = original;
      backend.readSync = readSync;
      backend.read = read;
    }
    // A variable ends up holding the last kernel output of its shape that has its data, also
    // when a kernel wrote into it in place (same data before and after). Replayed, the kernel may
    // decide otherwise (in place or not), so the variable is given that output either way.
    const assigns: [Variable, Ref][] = [];
    let unfit = hostRead ? 'the step reads values on the host' : '';
    for (const [v, id] of before) {
      if (v.isDisposed) continue;
      const made = (byData.get(v.dataId) ?? []).filter(([r, shape]) => r.kind === 'output' && String(shape) === String(v.shape)).pop();
      if (made) assigns.push([v, made[0]]);
      else if (v.dataId !== id) unfit ||= `variable ${v.name} was given a value no kernel of the step made`;
    }
    const trace: Trace = { entries, outputs: outputs.map(refOf), assigns, variables: [], consts };
    trace.variables = [...used, ...assigns.map(([v]) => v)];
    if (unfit) {
      for (const id of consts) backend.disposeData(id);
      return { outputs, trace, unfit };
    }
    // Dead code: tfjs-core computes some gradients nothing uses (its fused conv2d's gradient
    // returns the first layer's input gradient too, the costliest kernel of a LeNet-5 step).
    const kept = [...trace.outputs, ...assigns.map(([, r]) => r)].map(baseOf); // returned or assigned
    const needed = new Set<number>();
    const need = (r: Ref | null) => { const b = r && baseOf(r); if (b?.kind === 'output') needed.add(b.entry); };
    kept.forEach(need);
    for (let at = entries.length - 1; at >= 0; at--) {
      if (needed.has(at)) entries[at]!.inputs.forEach(([, r]) => need(r));
      else entries[at]!.live = false;
    }
    if (this.fusePair) this.fuse(entries, kept);
    // Liveness: each output is released after the last entry that reads it, unless the step
    // returns it or a variable takes it.
    entries.forEach((e, at) => e.live && e.inputs.forEach(([, input]) => {
      const r = input && baseOf(input);
      if (r?.kind === 'output') entries[r.entry]!.releaseAfter[r.index] = Math.max(entries[r.entry]!.releaseAfter[r.index]!, at);
    }));
    for (const r of kept) if (r.kind === 'output') entries[r.entry]!.releaseAfter[r.index] = -1;
    return { outputs, trace };
  }

  /**
   * Pairs the backend fuses: a live entry with one output that exactly one later live entry reads
   * (as its only input, not through an alias) and that the step does not return or assign. The
   * reader becomes the fused kernel on the first's inputs; the first is no longer run.
   */
  private fuse(entries: Entry[], kept: Ref[]): void {
    const readers = new Map<number, number[]>();
    entries.forEach((e, at) => e.live && e.inputs.forEach(([, r]) => {
      const b = r && baseOf(r);
      if (b?.kind === 'output') readers.set(b.entry, [...(readers.get(b.entry) ?? []), at]);
    }));
    const keptEntries = new Set(kept.filter((r) => r.kind === 'output').map((r) => (r as { entry: number }).entry));
    entries.forEach((first, at) => {
      const [next, ...more] = readers.get(at) ?? [];
      if (!first.live || first.releaseAfter.length !== 1 || keptEntries.has(at) || next === undefined || more.length > 0) return;
      const second = entries[next]!;
      const only = second.inputs.filter(([, r]) => r !== null);
      const [, ref] = only[0] ?? [];
      if (only.length !== 1 || ref?.kind !== 'output' || ref.entry !== at || ref.index !== 0) return;
      const fused = this.fusePair!(first, second);
      if (!fused) return;
      Object.assign(second, { fn: fused.fn, attrs: fused.attrs, inputs: first.inputs, inputList: first.inputList, kernelName: `${first.kernelName}+${second.kernelName}` });
      first.live = false;
    });
  }

  private replay(trace: Trace, inputs: Tensor[]): Tensor[] {
    const produced: TensorInfo[][] = [];
    const resolve = (r: Ref): TensorInfo => {
      switch (r.kind) {
        case 'input': return inputs[r.index]!;
        case 'variable': return r.variable;
        case 'const': return r.info;
        case 'output': return produced[r.entry]![r.index]!;
        case 'alias': return { dataId: resolve(r.base).dataId, shape: r.shape, dtype: r.dtype };
      }
    };
    const releases: TensorInfo[][] = trace.entries.map(() => []);
    trace.entries.forEach((e, at) => {
      if (!e.live) {
        produced.push([]);
      } else {
        const ins: Record<string, TensorInfo | null> = e.inputList ? [] as unknown as Record<string, TensorInfo | null> : {};
        for (const [name, r] of e.inputs) ins[name] = r === null ? null : resolve(r);
        const out = e.fn({ inputs: ins as NamedTensorInfoMap, attrs: e.attrs ?? {}, backend: this.backend });
        const outs = Array.isArray(out) ? out : [out];
        produced.push(outs);
        outs.forEach((info, k) => { if (e.releaseAfter[k]! >= 0) releases[e.releaseAfter[k]!]!.push(info); });
      }
      // Each kernel output holds one reference; dropped after its last reader, as the engine would.
      for (const info of releases[at]!) this.backend.disposeData(info.dataId);
    });
    const tensorOf = (info: TensorInfo) => engine().makeTensorFromTensorInfo({ dataId: info.dataId, shape: info.shape, dtype: info.dtype }, this.backend);
    // Kept outputs pass their reference on: to the first holder; others take one more.
    const handed = new Set<TensorInfo>();
    const claim = (r: Ref): Tensor => {
      const made = baseOf(r);
      const owner = made.kind === 'output' ? resolve(made) : undefined;
      if (owner === undefined || handed.has(owner)) this.backend.incRef(resolve(r).dataId); // an input, constant or second claim
      else handed.add(owner);
      return tensorOf(resolve(r));
    };
    const outputs = trace.outputs.map(claim);
    for (const [v, r] of trace.assigns) {
      const t = claim(r);
      v.assign(t);
      t.dispose();
    }
    return outputs;
  }
}
