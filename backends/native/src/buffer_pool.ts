// Recycles the Float32Arrays of native kernel outputs once their tensors are disposed, so a
// training step stops paying for fresh pages (page faults, zeroing, GC pressure) on every op.
// An array is recycled only if nothing else can still see it: it was made here, never read
// out (readSync/read hand the array itself to the caller), and never given to a kernel
// that might keep a view of it (tfjs-backend-cpu's Slice returns a subarray of its input).

const MIN_POOLED = 4096; // elements; smaller arrays are cheap to allocate
const MAX_POOLED_BYTES = 4 * 2 ** 30;

export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly recyclable = new WeakSet<Float32Array>();
  private pooledBytes = 0;
  // Arrays known to be zero outside a sparsity pattern (the key: the compiled pattern), and the
  // free ones of each: a weight gradient recycled for the same pattern needs only its kept
  // positions written, not a memset of the whole weight (e.g. 940 KB for LeNet-300-100's fc1).
  private readonly zeroOutside = new WeakMap<Float32Array, object>();
  private readonly freeZeroOutside = new WeakMap<object, Float32Array[]>();

  /** A recycled array of `n` values that is zero outside `pattern`, if one is free. */
  takeZeroOutside(pattern: object, n: number): Float32Array | undefined {
    const list = this.freeZeroOutside.get(pattern);
    const i = list?.findIndex((a) => a.length === n) ?? -1;
    if (i < 0) return undefined;
    const [reused] = list!.splice(i, 1);
    this.recyclable.add(reused!);
    return reused;
  }

  /** `values` (made here) is zero outside `pattern` and only its kept positions will be written. */
  markZeroOutside(values: Float32Array, pattern: object): void {
    if (this.recyclable.has(values)) this.zeroOutside.set(values, pattern);
  }

  /** Uninitialised storage (callers write every element). */
  take(n: number): Float32Array {
    const reused = this.free.get(n)?.pop();
    if (reused !== undefined) {
      this.pooledBytes -= reused.byteLength;
      this.recyclable.add(reused);
      return reused;
    }
    if (n < MIN_POOLED) return new Float32Array(n);
    const buf = Buffer.allocUnsafeSlow(n * 4);
    const arr = new Float32Array(buf.buffer, buf.byteOffset, n);
    this.recyclable.add(arr);
    return arr;
  }

  /** Whether nothing outside the native kernels can see `values` (made here, never read out). */
  isPrivate(values: unknown): boolean {
    return values instanceof Float32Array && this.recyclable.has(values);
  }

  /** Something outside the native kernels may keep this array: never recycle it. */
  escape(values: unknown): void {
    if (values instanceof Float32Array) this.recyclable.delete(values), this.zeroOutside.delete(values);
  }

  /** The tensor owning `values` is gone. */
  give(values: unknown): void {
    if (!(values instanceof Float32Array) || !this.recyclable.has(values)) return;
    this.recyclable.delete(values);
    const pattern = this.zeroOutside.get(values);
    if (pattern !== undefined) { // kept while its pattern (its mask) lives: one per masked weight, not counted
      const list = this.freeZeroOutside.get(pattern) ?? [];
      list.push(values);
      this.freeZeroOutside.set(pattern, list);
      return;
    }
    if (this.pooledBytes + values.byteLength > MAX_POOLED_BYTES) return;
    const list = this.free.get(values.length) ?? [];
    list.push(values);
    this.free.set(values.length, list);
    this.pooledBytes += values.byteLength;
  }
}
