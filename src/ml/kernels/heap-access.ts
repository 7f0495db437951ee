// Direct access to a tensor's values inside a kernel, for the kernels the studio writes in
// JS: on wasm the values live in the wasm heap (read and written in place, no copies); on the
// plain JS backend they are ordinary typed arrays. Other backends keep their own kernels.
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

export type HeapBackendName = 'wasm' | 'cpu';
export const HEAP_BACKENDS: readonly HeapBackendName[] = ['wasm', 'cpu'];

/** The parts of tfjs-backend-wasm's BackendWasm that the studio's kernels use. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  incRef(dataId: object): void;
  disposeData(dataId: object): void;
}

export const asWasm = (backend: unknown) => backend as WasmHeapBackend;

interface CpuBackend {
  data: { get(dataId: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): TensorInfo;
}

const isWasm = (backend: unknown): backend is WasmHeapBackend => typeof (backend as WasmHeapBackend).typedArrayFromHeap === 'function';

/**
 * Allocates float32 outputs of the given shapes, then calls `body` with the inputs' values and
 * the outputs' (writable) values. Returns the outputs. Views are taken after every allocation:
 * on wasm, allocating may grow the heap and detach earlier views.
 */
export function withValues(
  backend: unknown,
  inputs: TensorInfo[],
  outputShapes: number[][],
  body: (inputs: ArrayLike<number>[], outputs: Float32Array[]) => void,
): TensorInfo[] {
  if (isWasm(backend)) {
    const outputs = outputShapes.map((shape) => backend.makeOutput(shape, 'float32'));
    body(
      inputs.map((info) => backend.typedArrayFromHeap(info)),
      outputs.map((info) => backend.typedArrayFromHeap(info) as Float32Array),
    );
    return outputs;
  }
  const cpu = backend as unknown as CpuBackend;
  const values = outputShapes.map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
  body(
    inputs.map((info) => cpu.data.get(info.dataId).values),
    values,
  );
  return outputShapes.map((shape, i) => cpu.makeTensorInfo(shape, 'float32', values[i]));
}

const replaced = new Set<string>();

/**
 * Replaces the wasm backend's kernel by `make(stock)`, once per process; the stock kernel's setup
 * still runs when the backend starts, so `make` can fall back to it.
 */
export function replaceWasmKernel(kernelName: string, make: (stock: KernelConfig) => KernelFunc): void {
  const stock = getKernel(kernelName, 'wasm');
  if (!stock || replaced.has(kernelName)) return;
  replaced.add(kernelName);
  unregisterKernel(kernelName, 'wasm');
  registerKernel({ kernelName, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: make(stock) });
}
