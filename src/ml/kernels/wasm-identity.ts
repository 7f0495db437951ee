// Identity, and Cast to the same dtype, for the wasm backend without a copy. The stock kernels
// copy the tensor; TF.js calls Identity through clone() for every tensor saved for the backward
// pass (about 900 copies of activations per training step), and the gradients of Multiply and
// RealDiv cast float32 to float32 (another ~150). Tensor data is never written in place, so
// sharing it (as the plain JS and WebGL backends do) is safe.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { asWasm, replaceWasmKernel } from './heap-access';

function share(x: TensorInfo, backend: unknown): TensorInfo {
  asWasm(backend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function registerWasmSharedIdentity(): void {
  replaceWasmKernel('Identity', (stock) => (args) => {
    const x = args.inputs.x as TensorInfo;
    return x.dtype === 'string' ? stock.kernelFunc(args) : share(x, args.backend);
  });
  replaceWasmKernel('Cast', (stock) => (args) => {
    const x = args.inputs.x as TensorInfo;
    const sameType = x.dtype === (args.attrs as { dtype: string }).dtype && x.dtype !== 'string';
    return sameType ? share(x, args.backend) : stock.kernelFunc(args);
  });
}
