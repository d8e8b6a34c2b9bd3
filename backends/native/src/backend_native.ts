// The `native` backend: tfjs-backend-cpu's TypedArray tensors, with hot kernels run by the addon.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { util, type BackendValues, type DataId, type DataType, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';

import { KernelReplay } from '../../kernel_replay.js';

import type { NativeAddon } from './binding.js';
import { BufferPool } from './buffer_pool.js';
import { fuseNativePair } from './fusions.js';

export const BACKEND_NAME = 'native';

export class NativeBackend extends MathBackendCPU {
  private readonly pool = new BufferPool();
  /**
   * The transpose [N×M] of a kernel's 2-D output [M×N], where the kernel computed it anyway (the
   * sparse dense-layer kernels work on transposed activations): the next layer's forward and
   * weight gradient read it instead of transposing the output back. Freed with the output.
   */
  private readonly transposes = new Map<DataId, Float32Array>();

  constructor(readonly addon: NativeAddon) {
    super();
  }

  /** Steps replayed kernel by kernel (src/train/compiled_step.ts calls this; backends/kernel_replay.ts). */
  compileStep<A>(fn: (inputs: Tensor[], args: A) => Tensor[]): KernelReplay<A> {
    return new KernelReplay(this, fn, 1, fuseNativePair);
  }

  /** Marks the values of `inputs` as visible outside native kernels (see buffer_pool.ts). */
  escape(inputs: ReadonlyArray<TensorInfo | undefined | null>): void {
    for (const t of inputs) if (t != null) this.pool.escape(this.data.get(t.dataId)?.values);
  }

  /**
   * Whether a kernel may write into `dataId`'s values: one tensor holds it and its array was
   * made by a native kernel and never handed out (readSync gives the array itself).
   */
  heldAlone(dataId: DataId): boolean {
    return this.refCount(dataId) === 1 && this.pool.isPrivate(this.data.get(dataId)?.values);
  }

  override readSync(dataId: DataId): BackendValues {
    const values = super.readSync(dataId);
    this.pool.escape(values);
    return values;
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.get(dataId)?.values;
    const disposed = super.disposeData(dataId, force);
    if (disposed && !this.data.has(dataId)) {
      this.pool.give(values);
      this.pool.give(this.transposes.get(dataId));
      this.transposes.delete(dataId);
    }
    return disposed;
  }

  /**
   * Runs native kernel `name` into a weight-shaped output that is zero outside `pattern`: a
   * recycled one of this pattern if free (the kernel gets attr `zeroOutside` 1 and writes only
   * the kept positions), else a new one it fills whole. `attrs` get the flag appended.
   */
  runNativeZeroOutside(name: string, inputs: readonly Float32Array[], shape: number[], pattern: object, attrs: readonly number[]): TensorInfo {
    const size = util.sizeFromShape(shape);
    const reused = this.pool.takeZeroOutside(pattern, size);
    const out = reused ?? this.pool.take(size);
    this.addon.runKernel(name, inputs.slice(), [out], Float64Array.from([...attrs, reused ? 1 : 0]));
    this.pool.markZeroOutside(out, pattern);
    return this.makeTensorInfo(shape, 'float32' satisfies DataType, out);
  }

  /** The transpose of `t` that the kernel making it kept (see `transposes`), if any. */
  transposeOf(t: TensorInfo): Float32Array | undefined {
    return this.transposes.get(t.dataId);
  }

  /**
   * Like runNativeArrays with one 2-D output [M×N], whose transpose the kernel writes into a
   * second output, kept for later kernels (transposeOf).
   */
  runNativeKeepingTranspose(name: string, inputs: readonly Float32Array[], [M, N]: [number, number], attrs: readonly number[]): TensorInfo {
    const out = this.pool.take(M * N), outT = this.pool.take(M * N);
    this.addon.runKernel(name, inputs.slice(), [out, outT], Float64Array.from(attrs));
    const info = this.makeTensorInfo([M, N], 'float32' satisfies DataType, out);
    this.transposes.set(info.dataId, outT);
    return info;
  }

  /** The float32 values of a tensor of this backend (no copy). */
  floats(t: TensorInfo): Float32Array {
    return this.data.get(t.dataId).values as Float32Array;
  }

  /**
   * A new float32 tensor of `shape` whose values `fill` writes in full (pooled storage): the
   * kernels written in TypeScript. `kernel` names the caller (tests record which kernels ran).
   */
  makeFloat32(kernel: string, shape: number[], fill: (out: Float32Array) => void): TensorInfo {
    const out = this.pool.take(util.sizeFromShape(shape));
    fill(out);
    return this.makeTensorInfo(shape, 'float32' satisfies DataType, out);
  }

  /** Runs native kernel `name` on `inputs` into a new float32 tensor of shape `outShape`. */
  runNative(name: string, inputs: readonly TensorInfo[], outShape: number[], attrs: readonly number[]): TensorInfo {
    const out = this.pool.take(util.sizeFromShape(outShape));
    this.addon.runKernel(name, inputs.map((t) => this.floats(t)), [out], Float64Array.from(attrs));
    return this.makeTensorInfo(outShape, 'float32' satisfies DataType, out);
  }

  /** Like runNative, for kernels that take raw arrays (e.g. a compiled pattern) or give several outputs. */
  runNativeArrays(name: string, inputs: readonly Float32Array[], outShapes: number[][], attrs: readonly number[]): TensorInfo[] {
    const outs = outShapes.map((s) => this.pool.take(util.sizeFromShape(s)));
    this.addon.runKernel(name, inputs.slice(), outs, Float64Array.from(attrs));
    return outs.map((out, i) => this.makeTensorInfo(outShapes[i], 'float32' satisfies DataType, out));
  }
}
