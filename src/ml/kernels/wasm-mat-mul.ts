// The wasm backend's matrix products (BatchMatMul and the dense layers' _FusedMatMul), replaced:
// - with a native BLAS when one loaded (useBlasMatMul): 5–20× faster than wasm on these shapes;
// - otherwise BatchMatMul makes transposed operands explicit. The stock wasm kernel multiplies a
//   transposed operand in place at about a tenth of its plain speed (1.5 vs 17 GFLOP/s on a
//   512×256 · 256×8449 product), and the backward pass of every dense layer and attention
//   product asks for exactly that; transposing first (a cheap copy) gives identical results.
import { getKernel, type TensorInfo } from '@tensorflow/tfjs-core';
import { blasMatMul } from './blas/blas-mat-mul';
import type { Blas } from './blas/load-blas';
import { asWasm, replaceWasmKernel } from './heap-access';

let blasInUse: Blas | undefined;

/** Routes the wasm backend's matrix products (and sums) to this BLAS, or back to wasm with undefined. */
export function useBlasMatMul(blas: Blas | undefined): void {
  blasInUse = blas;
}

/** The BLAS in use for the wasm backend, if any. */
export function wasmBlas(): Blas | undefined {
  return blasInUse;
}

/** Idempotent; must run before the wasm backend initialises (kernel setup happens then). */
export function registerWasmMatMul(): void {
  replaceWasmKernel('BatchMatMul', (stock) => (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const backend = asWasm(args.backend);
    const sgemm = blasInUse?.sgemm;
    const viaBlas = sgemm && blasMatMul(sgemm, backend, { a, b, transposeA, transposeB });
    if (viaBlas) return viaBlas;
    const transpose = getKernel('Transpose', 'wasm');
    if ((!transposeA && !transposeB) || !transpose) return stock.kernelFunc(args);
    const swapLastTwo = (x: TensorInfo): TensorInfo => {
      const rank = x.shape.length;
      const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
      return transpose.kernelFunc({ inputs: { x }, backend: args.backend, attrs: { perm } }) as TensorInfo;
    };
    const plainA = transposeA ? swapLastTwo(a) : a;
    const plainB = transposeB ? swapLastTwo(b) : b;
    const out = stock.kernelFunc({ inputs: { a: plainA, b: plainB }, backend: args.backend, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    if (plainA !== a) backend.disposeData(plainA.dataId);
    if (plainB !== b) backend.disposeData(plainB.dataId);
    return out;
  });
  replaceWasmKernel('_FusedMatMul', (stock) => (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const { transposeA, transposeB, activation } = args.attrs as { transposeA: boolean; transposeB: boolean; activation: string };
    const sgemm = blasInUse?.sgemm;
    const viaBlas =
      sgemm && !preluActivationWeights && blasMatMul(sgemm, asWasm(args.backend), { a: a!, b: b!, bias, transposeA, transposeB, activation });
    return viaBlas || stock.kernelFunc(args);
  });
}
