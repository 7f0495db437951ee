// Unpack (unstack) along the first axis for the wasm backend: each output is a contiguous block,
// copied whole. The stock kernel slices element by element (130 ms to split the attention
// projections of one step into queries, keys and values).
import { getKernel, registerKernel, unregisterKernel, util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

type Values = Float32Array | Int32Array | Uint8Array;

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Values;
}

export function registerWasmUnpack(): void {
  const stock = getKernel('Unpack', 'wasm');
  if (!stock || (stock as { blocks?: boolean }).blocks) return;
  const kernel: KernelConfig & { blocks: true } = {
    kernelName: 'Unpack',
    backendName: 'wasm',
    blocks: true,
    kernelFunc: (args) => {
      const value = args.inputs.value as TensorInfo;
      const axis = (args.attrs as { axis: number }).axis;
      if ((axis !== 0 && axis !== -value.shape.length) || value.dtype === 'string' || value.dtype === 'complex64') return stock.kernelFunc(args);
      const backend = args.backend as unknown as WasmBackendLike;
      const shape = value.shape.slice(1);
      const size = util.sizeFromShape(shape);
      const outs = Array.from({ length: value.shape[0] }, () => backend.makeOutput(shape, value.dtype));
      const from = backend.typedArrayFromHeap(value);
      outs.forEach((out, i) => backend.typedArrayFromHeap(out).set(from.subarray(i * size, (i + 1) * size)));
      return outs;
    },
  };
  unregisterKernel('Unpack', 'wasm');
  registerKernel(kernel);
}
