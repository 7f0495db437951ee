// Transpose for the wasm backend, in JS over the wasm heap. The stock kernel's generic N-d loop
// runs at about 35 ns per element on this kind of machine (18 ms for one [32, 64, 8, 32] head
// split, 4 s per training step once the attention projections were unpacked with a rank-5
// transpose); walking the output in order and copying contiguous runs is several times faster.
// With the native kernels loaded (native/) the same walk runs in C (memcpy per run).
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasm, replaceWasmKernel } from './heap-access';
import { nativeKernels } from './native/native-kernels';

type Values = Float32Array | Int32Array | Uint8Array;

/** Drops size-1 axes and merges axes that stay neighbours, so the loop below runs on the fewest axes. */
export function simplifyTranspose(shape: number[], perm: number[]): { shape: number[]; perm: number[] } {
  const kept = shape.map((_, axis) => axis).filter((axis) => shape[axis] !== 1);
  let order = perm.filter((axis) => shape[axis] !== 1).map((axis) => kept.indexOf(axis));
  let dims = kept.map((axis) => shape[axis]);
  // Merge input axes a, a+1 that appear as …, a, a+1, … in the output order.
  for (let i = 0; i + 1 < order.length; ) {
    const a = order[i];
    if (order[i + 1] !== a + 1) {
      i++;
      continue;
    }
    dims = [...dims.slice(0, a), dims[a] * dims[a + 1], ...dims.slice(a + 2)];
    order = [...order.slice(0, i + 1), ...order.slice(i + 2)].map((axis) => (axis > a ? axis - 1 : axis));
  }
  return { shape: dims, perm: order };
}

/** out = x transposed by perm; x has `shape` (row-major). */
export function transposeValues(x: Values, shape: number[], perm: number[], out: Values): void {
  const rank = shape.length;
  if (rank === 0 || x.length === 0) {
    out.set(x);
    return;
  }
  const inStrides = new Array<number>(rank);
  for (let axis = rank - 1, stride = 1; axis >= 0; axis--) {
    inStrides[axis] = stride;
    stride *= shape[axis];
  }
  const outShape = perm.map((axis) => shape[axis]);
  const strides = perm.map((axis) => inStrides[axis]); // input step per output axis
  const run = outShape[rank - 1];
  const step = strides[rank - 1];
  const index = new Array<number>(rank).fill(0);
  let base = 0;
  // Contiguous runs in one heap are moved with copyWithin (a memmove) rather than element by element.
  const sameHeap = step === 1 && run >= 8 && x.buffer === out.buffer && x.constructor === out.constructor;
  const heap = sameHeap ? new (x.constructor as Float32ArrayConstructor)(x.buffer as ArrayBuffer) : undefined;
  const xStart = x.byteOffset / x.BYTES_PER_ELEMENT;
  const outStart = out.byteOffset / out.BYTES_PER_ELEMENT;
  for (let o = 0; o < out.length; o += run) {
    if (heap) {
      heap.copyWithin(outStart + o, xStart + base, xStart + base + run);
    } else if (step === 1) {
      for (let j = 0; j < run; j++) out[o + j] = x[base + j];
    } else {
      for (let j = 0, i = base; j < run; j++, i += step) out[o + j] = x[i];
    }
    for (let axis = rank - 2; axis >= 0; axis--) {
      base += strides[axis];
      if (++index[axis] < outShape[axis]) break;
      base -= strides[axis] * outShape[axis];
      index[axis] = 0;
    }
  }
}

export function registerWasmTranspose(): void {
  replaceWasmKernel('Transpose', (stock) => (args) => {
    const x = args.inputs.x as TensorInfo;
    const { perm } = args.attrs as { perm: number[] };
    if (x.dtype === 'string' || x.dtype === 'complex64') return stock.kernelFunc(args);
    const backend = asWasm(args.backend);
    const out = backend.makeOutput(perm.map((axis) => x.shape[axis]), x.dtype);
    if (util.sizeFromShape(x.shape) > 0) {
      const simple = simplifyTranspose(x.shape, perm);
      const native = nativeKernels();
      const values = backend.typedArrayFromHeap(x);
      const outValues = backend.typedArrayFromHeap(out);
      if (native && simple.shape.length >= 1 && simple.shape.length <= 8) native.transpose(values, simple.shape, simple.perm, outValues);
      else transposeValues(values, simple.shape, simple.perm, outValues);
    }
    return out;
  });
}
