// The `torch` backend: every tensor is a libtorch tensor (CPU or CUDA) held by the addon;
// JS keeps only its id. Values reach the host only through read/readSync.
import { DataStorage, engine, KernelBackend, util, type BackendTimingInfo, type BackendValues, type DataId, type DataType, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';

import type { TorchAddon } from './binding.js';
import { KernelReplay } from '../../kernel_replay.js';
import { GraphStep } from './step_graph.js';

export const BACKEND_NAME = 'torch';

const DTYPES = ['float32', 'int32', 'bool'] as const;
type TorchDType = (typeof DTYPES)[number];

interface TorchData {
  id: number; // addon tensor id (0 for string tensors, which stay in JS)
  dtype: DataType;
  refCount: number;
  strings?: Uint8Array[];
}

function dtypeCode(dtype: DataType): number {
  const code = (DTYPES as readonly string[]).indexOf(dtype);
  if (code < 0) throw new Error(`torch backend: dtype ${dtype} is not supported`);
  return code;
}

/** The host values as the typed array the addon expects for `dtype`. */
function typed(values: BackendValues, dtype: TorchDType): Float32Array | Int32Array | Uint8Array {
  const ctor = { float32: Float32Array, int32: Int32Array, bool: Uint8Array }[dtype];
  return values instanceof ctor ? values : ctor.from(values as ArrayLike<number>);
}

export class TorchBackend extends KernelBackend {
  private readonly data: DataStorage<TorchData>;

  constructor(readonly addon: TorchAddon) {
    super();
    this.data = new DataStorage(this, engine());
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    const dataId = {};
    this.move(dataId, values, shape, dtype, 1);
    return dataId;
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    if (dtype === 'string') {
      this.data.set(dataId, { id: 0, dtype, refCount, strings: values as Uint8Array[] });
      return;
    }
    const code = dtypeCode(dtype);
    const id = this.addon.fromHost(typed(values, DTYPES[code]!), shape, code);
    this.data.set(dataId, { id, dtype, refCount });
  }

  /** A tensor made from host values (for kernels computed elsewhere). */
  makeTensorInfo(shape: number[], dtype: DataType, values: BackendValues): TensorInfo {
    return { dataId: this.write(values, shape, dtype), shape, dtype };
  }

  override readSync(dataId: DataId): BackendValues {
    const d = this.data.get(dataId);
    return d.strings ?? this.addon.toHost(d.id);
  }

  override async read(dataId: DataId): Promise<BackendValues> {
    return this.readSync(dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    if (!this.data.has(dataId)) return true;
    const d = this.data.get(dataId);
    d.refCount--;
    if (!force && d.refCount > 0) return false;
    if (d.strings === undefined) this.addon.free(d.id);
    this.data.delete(dataId);
    return true;
  }

  override incRef(dataId: DataId): void {
    this.data.get(dataId).refCount++;
  }

  override refCount(dataId: DataId): number {
    return this.data.has(dataId) ? this.data.get(dataId).refCount : 0;
  }

  override numDataIds(): number {
    return this.data.numDataIds();
  }

  override memory(): { unreliable: boolean; reasons?: string[] } {
    return { unreliable: true, reasons: ['libtorch caches device memory'] };
  }

  override floatPrecision(): 32 {
    return 32;
  }

  override epsilon(): number {
    return 1e-7;
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<BackendTimingInfo> {
    this.addon.sync();
    const start = util.now();
    f();
    this.addon.sync();
    return { kernelMs: util.now() - start };
  }

  /** Where and how it computes, for a run's config.json (see src/experiments/versions.ts). */
  describe(): { device: string; tf32: boolean; libtorch: string } {
    const i = this.addon.info();
    return { device: i.device, tf32: i.tf32, libtorch: i.version };
  }

  override dispose(): void {
    // Tensors are freed one by one through disposeData; the addon holds nothing else.
  }

  /** The addon's id of the tensor behind `dataId`. */
  addonId(dataId: DataId): number {
    return this.data.get(dataId).id;
  }

  /** Whether some tensor still refers to `dataId`. */
  holds(dataId: DataId): boolean {
    return this.data.has(dataId);
  }

  /** A TF.js tensor owning addon tensor `id`. */
  tensorOf(id: number, shape: number[], dtype: DataType): Tensor {
    const dataId = {};
    this.data.set(dataId, { id, dtype, refCount: 1 });
    return engine().makeTensorFromTensorInfo({ dataId, shape, dtype }, this);
  }

  /**
   * Training steps as CUDA graphs on a GPU (src/train/compiled_step.ts calls this). Inference
   * steps (a graph's memory pool would hold a whole evaluation batch's activations), steps on
   * the CPU and builds without graph support are replayed kernel by kernel
   * (backends/kernel_replay.ts): no engine, and no scalar uploads, around each kernel.
   */
  compileStep<A>(fn: (inputs: Tensor[], args: A) => Tensor[], opts: { updatesVariables?: boolean }): GraphStep<A> | KernelReplay<A> {
    const info = this.addon.info();
    return opts.updatesVariables && info.graphs && info.device.startsWith('cuda') ? new GraphStep(this, fn) : new KernelReplay(this, fn);
  }

  /** Runs addon kernel `name` on `inputs` (in order) with numeric `attrs`; one TensorInfo per output. */
  runTorch(name: string, inputs: readonly TensorInfo[], attrs: readonly number[] = []): TensorInfo[] {
    const ids = inputs.map((t) => {
      const d = this.data.get(t.dataId);
      if (d.strings !== undefined) throw new Error(`torch backend: ${name} got a string tensor`);
      return d.id;
    });
    const meta = this.addon.run(name, ids, Float64Array.from(attrs));
    const outs: TensorInfo[] = [];
    for (let k = 1, i = 0; i < meta[0]!; i++) {
      const rank = meta[k + 2]!;
      const shape = Array.from(meta.subarray(k + 3, k + 3 + rank));
      const dtype = DTYPES[meta[k + 1]!]!;
      const dataId = {};
      this.data.set(dataId, { id: meta[k]!, dtype, refCount: 1 });
      outs.push({ dataId, shape, dtype });
      k += 3 + rank;
    }
    return outs;
  }

  /** The single output of runTorch. */
  runTorch1(name: string, inputs: readonly TensorInfo[], attrs: readonly number[] = []): TensorInfo {
    const outs = this.runTorch(name, inputs, attrs);
    if (outs.length !== 1) throw new Error(`torch backend: ${name} returned ${outs.length} outputs`);
    return outs[0]!;
  }
}
