// GatherV2 for the wasm backend, copying whole rows in JS. The stock kernel gathers element by
// element (50 ms for the 2048 target-embedding lookups of one step, 1 ms as row copies).
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasm, replaceWasmKernel } from './heap-access';

export function registerWasmGather(): void {
  replaceWasmKernel('GatherV2', (stock) => (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
    if (batchDims || x.dtype === 'string' || x.dtype === 'complex64') return stock.kernelFunc(args);
    const a = util.parseAxisParam(axis, x.shape)[0];
    const outer = util.sizeFromShape(x.shape.slice(0, a));
    const dim = x.shape[a];
    const inner = util.sizeFromShape(x.shape.slice(a + 1));
    const backend = asWasm(args.backend);
    const checked = backend.typedArrayFromHeap(indices);
    for (let i = 0; i < checked.length; i++) {
      if (checked[i] < 0 || checked[i] >= dim) throw new Error(`GatherV2: the index value ${checked[i]} is not in [0, ${dim - 1}]`);
    }
    const out = backend.makeOutput([...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)], x.dtype);
    const ids = backend.typedArrayFromHeap(indices);
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    for (let o = 0, at = 0; o < outer; o++) {
      for (let i = 0; i < ids.length; i++, at += inner) {
        const start = (o * dim + ids[i]) * inner;
        to.set(from.subarray(start, start + inner), at);
      }
    }
    return out;
  });
}
