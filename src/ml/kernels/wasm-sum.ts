// Sum over leading axes for the wasm backend. The stock kernel only reduces innermost axes, so
// for the bias gradients of dense layers (a column sum of [N, out]) it first transposes the
// whole tensor: 130 ms for the 2048 × 8449 output layer. With a BLAS the column sum is a product
// with a vector of ones (about 2 ms); without, rows are accumulated in JS (no transpose).
import { backend_util, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { replaceWasmKernel, withValues } from './heap-access';
import { onesVector } from './blas/ones';
import { wasmBlas } from './wasm-mat-mul';

export function registerWasmLeadingAxesSum(): void {
  replaceWasmKernel('Sum', (stock) => (args) => {
    const x = args.inputs.x as TensorInfo;
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.every((a, i) => a === i) && axes.length < x.shape.length;
    if (x.dtype !== 'float32' || axes.length === 0 || !leading) return stock.kernelFunc(args);
    const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
    const kept = x.shape.slice(axes.length);
    const width = util.sizeFromShape(kept);
    const outShape = keepDims ? backend_util.expandShapeToKeepDim(kept, axes) : kept;
    const sgemm = wasmBlas()?.sgemm;
    return withValues(args.backend, [x], [outShape], ([values], [out]) => {
      // [1, rows] · [rows, width]: koffi passes the JS-owned ones vector by pointer.
      if (sgemm) return sgemm(false, false, 1, width, rows, 1, onesVector(rows), rows, values as Float32Array, width, 0, out, width);
      out.fill(0);
      for (let r = 0; r < rows; r++) {
        const offset = r * width;
        for (let j = 0; j < width; j++) out[j] += values[offset + j];
      }
    })[0];
  });
}
