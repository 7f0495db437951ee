// The native kernels the wasm backend's studio kernels use, if any (set by backend.ts when the
// library loads; tests and the bench switch them off to compare with the JS kernels).
import type { NativeKernels } from './load-native-kernels';

let inUse: NativeKernels | undefined;

/** Routes layer norm, Adam, dropout masks and Transpose on wasm to these kernels, or back to JS with undefined. */
export function useNativeKernels(kernels: NativeKernels | undefined): void {
  inUse = kernels;
}

/** The native kernels in use on the wasm backend, if any. */
export function nativeKernels(): NativeKernels | undefined {
  return inUse;
}

/** The values as Float32Arrays when every one is (float32 tensors on wasm), else undefined. */
export function float32Views(values: ArrayLike<number>[]): Float32Array[] | undefined {
  return values.every((v) => v instanceof Float32Array) ? (values as Float32Array[]) : undefined;
}
