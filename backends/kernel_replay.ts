// Steps replayed kernel by kernel, without TF.js's engine or tfjs-layers around each kernel.
// On a CPU backend every kernel is a synchronous JS function, and a small network's forward
// pass spends more time in the engine (tape checks, scopes, tensor bookkeeping) and in
// tfjs-layers than in its kernels. A step that only computes (inference: no variable is
// assigned, nothing is read back on the host) is run once through the engine while its
// registered kernel calls are recorded; later calls with inputs of the same shapes and the same
// args call the recorded kernel functions directly. Variables are read at replay time, so a
// trace stays valid while training changes the weights. Anything else (a step that assigns
// variables or reads values) runs eagerly, as before.
import { engine, getKernel, tidy, type DataId, type KernelBackend, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type Tensor, type TensorInfo, type Variable } from '@tensorflow/tfjs-core';

/** Mirrors src/train/compiled_step.ts (backends import nothing from the pipeline). */
type StepFn<A> = (inputs: Tensor[], args: A) => Tensor[];

type Ref =
  | { kind: 'input'; index: number }
  | { kind: 'variable'; variable: Variable }
  | { kind: 'const'; info: TensorInfo } // a tensor made during the trace or held by others, kept alive
  | { kind: 'output'; entry: number; index: number };

interface Entry {
  fn: KernelFunc;
  inputs: [string, Ref | null][];
  attrs: NamedAttrMap | undefined;
}

interface Trace {
  entries: Entry[];
  outputs: Ref[];
  consts: DataId[];
}

interface RegisteredCall {
  kernelName?: string;
  inputs?: Record<string, TensorInfo | null | undefined>;
  attrs?: NamedAttrMap;
}

const MAX_TRACES = 4; // e.g. evaluation's full batches and its last, smaller one

export class KernelReplay<A> {
  private readonly traces = new Map<string, Trace>();
  private calls = 0;
  private failure = '';

  constructor(private readonly backend: KernelBackend, private readonly fn: StepFn<A>, private readonly warmup = 1) {}

  get mode(): string {
    return this.failure ? `eager (${this.failure})` : this.traces.size > 0 ? 'kernel-replay' : 'eager';
  }

  run(inputs: Tensor[], args: A): Tensor[] {
    if (this.failure || this.calls++ < this.warmup) return tidy(() => this.fn(inputs, args));
    const key = JSON.stringify([args, inputs.map((t) => [t.shape, t.dtype])]);
    const trace = this.traces.get(key);
    if (trace && this.valid(trace)) return this.replay(trace, inputs);
    if (trace) this.forget(key, trace);
    // The traced call ran the step once, for real: its outputs are this call's either way.
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
    return trace.entries.every((e) => e.inputs.every(([, r]) => r?.kind !== 'variable' || !r.variable.isDisposed));
  }

  private forget(key: string, trace: Trace): void {
    for (const id of trace.consts) this.backend.disposeData(id);
    this.traces.delete(key);
  }

  /** Runs the step through the engine, recording its top-level registered kernel calls. */
  private record(inputs: Tensor[], args: A): { outputs: Tensor[]; trace: Trace; unfit?: string } {
    const eng = engine() as unknown as { runKernelFunc(p: RegisteredCall): Tensor | Tensor[]; backendName: string; state: { registeredVariables: Record<string, Variable> } };
    const backend = this.backend;
    const variables = new Map(Object.values(eng.state.registeredVariables).map((v) => [v.dataId, v]));
    const before = new Map([...variables].map(([id, v]) => [v, id]));
    // Keyed by the tensor object, not its data: a reshape shares its input's data in another shape.
    const refs = new Map<TensorInfo, Ref>(inputs.map((t, index) => [t, { kind: 'input', index }]));
    const entries: Entry[] = [];
    const consts: DataId[] = [];
    const refOf = (t: TensorInfo): Ref => {
      let ref = refs.get(t);
      if (ref === undefined) {
        const variable = variables.get(t.dataId);
        if (variable && String(variable.shape) === String(t.shape)) ref = { kind: 'variable', variable };
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
        entries.push({ fn: getKernel(p.kernelName, eng.backendName)!.kernelFunc, inputs: ins, attrs: p.attrs });
        (Array.isArray(out) ? out : [out]).forEach((t, index) => refs.set(t, { kind: 'output', entry, index }));
      }
      return out;
    };
    backend.readSync = (d: DataId) => { hostRead = true; return readSync.call(backend, d); };
    backend.read = (d: DataId) => { hostRead = true; return read.call(backend, d); };
    let outputs: Tensor[] = [];
    try {
      outputs = tidy(() => this.fn(inputs, args));
    } finally {
      eng.runKernelFunc = original;
      backend.readSync = readSync;
      backend.read = read;
    }
    const trace = { entries, outputs: outputs.map(refOf), consts };
    const assigned = [...before].some(([v, id]) => !v.isDisposed && v.dataId !== id);
    if (assigned || hostRead) {
      for (const id of consts) backend.disposeData(id);
      return { outputs, trace, unfit: assigned ? 'the step assigns variables' : 'the step reads values on the host' };
    }
    return { outputs, trace };
  }

  private replay(trace: Trace, inputs: Tensor[]): Tensor[] {
    const produced: TensorInfo[][] = [];
    const resolve = (r: Ref): TensorInfo => {
      switch (r.kind) {
        case 'input': return inputs[r.index]!;
        case 'variable': return r.variable;
        case 'const': return r.info;
        case 'output': return produced[r.entry]![r.index]!;
      }
    };
    for (const e of trace.entries) {
      const ins: Record<string, TensorInfo | null> = {};
      for (const [name, r] of e.inputs) ins[name] = r === null ? null : resolve(r);
      const out = e.fn({ inputs: ins as NamedTensorInfoMap, attrs: e.attrs ?? {}, backend: this.backend });
      produced.push(Array.isArray(out) ? out : [out]);
    }
    // Each kernel output holds one reference: the step's outputs keep theirs (one each), the
    // rest are released.
    const kept = new Set<TensorInfo>();
    const outputs = trace.outputs.map((r) => {
      const info = resolve(r);
      if (r.kind !== 'output' || kept.has(info)) this.backend.incRef(info.dataId);
      else kept.add(info);
      return engine().makeTensorFromTensorInfo({ dataId: info.dataId, shape: info.shape, dtype: info.dtype }, this.backend);
    });
    for (const infos of produced) for (const info of infos) if (!kept.has(info)) this.backend.disposeData(info.dataId);
    return outputs;
  }
}
