// The wasm backend's missing and slow kernels, replaced before the backend starts (a kernel's
// setup runs when its backend initialises, so registering later would skip it).
import { registerFastWasmBatchMatMul } from './wasm-batch-mat-mul';
import { registerWasmUnsortedSegmentSum } from './wasm-unsorted-segment-sum';

/** Idempotent. */
export function registerWasmKernels(): void {
  registerWasmUnsortedSegmentSum();
  registerFastWasmBatchMatMul();
}
