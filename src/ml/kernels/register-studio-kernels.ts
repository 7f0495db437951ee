// The studio's kernels, registered before the backends start (a kernel's setup runs when its
// backend initialises, so registering later would skip it): the wasm backend's missing and slow
// kernels replaced, and the fused training kernels for the backends JS can reach.
import { registerAdamKernels } from './adam-update';
import { registerDropoutMask } from './dropout-mask';
import { registerLayerNorm } from './layer-norm';
import { registerSmoothedCrossEntropy } from './smoothed-cross-entropy';
import { registerWasmGather } from './wasm-gather';
import { registerWasmSharedIdentity } from './wasm-identity';
import { registerWasmMatMul } from './wasm-mat-mul';
import { registerWasmLeadingAxesSum } from './wasm-sum';
import { registerWasmTranspose } from './wasm-transpose';
import { registerWasmUnpack } from './wasm-unpack';
import { registerWasmUnsortedSegmentSum } from './wasm-unsorted-segment-sum';

/** Idempotent. */
export function registerStudioKernels(): void {
  registerWasmUnsortedSegmentSum();
  registerWasmMatMul();
  registerWasmSharedIdentity();
  registerWasmLeadingAxesSum();
  registerWasmTranspose();
  registerWasmGather();
  registerWasmUnpack();
  registerSmoothedCrossEntropy();
  registerAdamKernels();
  registerDropoutMask();
  registerLayerNorm();
}
