// Unpack (unstack) along the first axis for the wasm backend: each output is a contiguous block,
// copied whole. The stock kernel slices element by element (130 ms to split the attention
// projections of one step into queries, keys and values).
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasm, replaceWasmKernel } from './heap-access';

export function registerWasmUnpack(): void {
  replaceWasmKernel('Unpack', (stock) => (args) => {
    const value = args.inputs.value as TensorInfo;
    const axis = (args.attrs as { axis: number }).axis;
    if ((axis !== 0 && axis !== -value.shape.length) || value.dtype === 'string' || value.dtype === 'complex64') return stock.kernelFunc(args);
    const backend = asWasm(args.backend);
    const shape = value.shape.slice(1);
    const size = util.sizeFromShape(shape);
    const outs = Array.from({ length: value.shape[0] }, () => backend.makeOutput(shape, value.dtype));
    const from = backend.typedArrayFromHeap(value);
    outs.forEach((out, i) => backend.typedArrayFromHeap(out).set(from.subarray(i * size, (i + 1) * size)));
    return outs;
  });
}
