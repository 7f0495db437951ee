// Identity, and Cast to the same dtype, for the wasm backend without a copy. The stock kernels
// copy the tensor; TF.js calls Identity through clone() for every tensor saved for the backward
// pass (about 900 copies of activations per training step), and the gradients of Multiply and
// RealDiv cast float32 to float32 (another ~150). Tensor data is never written in place, so
// sharing it (as the plain JS and WebGL backends do) is safe.
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

interface WasmBackendLike {
  incRef(dataId: object): void;
}

export function registerWasmSharedIdentity(): void {
  const stock = getKernel('Identity', 'wasm');
  if (!stock || (stock as { sharesData?: boolean }).sharesData) return;
  const kernel: KernelConfig & { sharesData: true } = {
    kernelName: 'Identity',
    backendName: 'wasm',
    sharesData: true,
    kernelFunc: (args) => {
      const x = args.inputs.x as TensorInfo;
      if (x.dtype === 'string') return stock.kernelFunc(args);
      (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
  unregisterKernel('Identity', 'wasm');
  registerKernel(kernel);

  const stockCast = getKernel('Cast', 'wasm');
  if (!stockCast) return;
  unregisterKernel('Cast', 'wasm');
  registerKernel({
    kernelName: 'Cast',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as TensorInfo;
      if (x.dtype !== (args.attrs as { dtype: string }).dtype || x.dtype === 'string') return stockCast.kernelFunc(args);
      (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}
