// Each native kernel against its JS twin, one call at a time on the shapes of a model's training
// step (the bench's batch), alternating the two so the machine's drift falls on both: the
// per-call view that tf.profile's per-step totals blur on a busy machine.
import type { ModelConfig } from '../../shared/config/train-config';
import { adamConstants, adamStepValues, type AdamStepAttrs } from '../kernels/adam-update';
import { dropoutMaskValues, maskConstants } from '../kernels/dropout-mask';
import { layerNormGradValues, layerNormValues } from '../kernels/layer-norm';
import type { NativeKernels } from '../kernels/native/load-native-kernels';
import { simplifyTranspose, transposeValues } from '../kernels/wasm-transpose';
import type { BenchShape } from './bench-engine';

export interface KernelCall {
  call: string;
  jsMedianMs: number;
  nativeMedianMs: number;
  jsLeastMs: number;
  nativeLeastMs: number;
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * q)];

function filled(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0, x = seed; i < length; i++) out[i] = ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  return out;
}

export function timeKernelCalls(native: NativeKernels, model: ModelConfig, shape: BenchShape, repeats = 30): KernelCall[] {
  const d = model.dModel;
  const rows = shape.batch * shape.targetLength;
  const x = filled(rows * d, 1), gain = filled(d, 2), bias = filled(d, 3);
  const y = new Float32Array(rows * d), xHat = new Float32Array(rows * d), rstd = new Float32Array(rows);
  const dx = new Float32Array(rows * d), dGain = new Float32Array(d), dBias = new Float32Array(d);
  const n = shape.targetVocab * d; // the largest parameter: the target embedding or the generator
  const adamIn = [filled(n, 4), filled(n, 5), filled(n, 6), filled(n, 7).map(Math.abs)];
  const adamOut = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const attrs: AdamStepAttrs = { learningRate: 1e-3, beta1: 0.9, beta2: 0.98, epsilon: 1e-9, correction1: 0.5, correction2: 0.1, weightDecay: 0.01, gradientScale: 0.7 };
  const mask = new Float32Array(shape.batch * model.numHeads * shape.targetLength * shape.targetLength);
  const { threshold, kept } = maskConstants(0.1);
  const qkvShape = [shape.batch, shape.targetLength, 3, model.numHeads, d / model.numHeads];
  const qkv = simplifyTranspose(qkvShape, [2, 0, 3, 1, 4]);
  const packed = filled(3 * rows * d, 8), split = new Float32Array(packed.length);
  const calls: [string, () => void, () => void][] = [
    [`layer norm forward [${rows}, ${d}]`, () => layerNormValues(x, gain, bias, d, 1e-6, y, xHat, rstd), () => native.layerNorm(x, gain, bias, d, 1e-6, y, xHat, rstd)],
    [`layer norm backward [${rows}, ${d}]`, () => layerNormGradValues(x, xHat, rstd, gain, d, dx, dGain, dBias), () => native.layerNormGrad(x, xHat, rstd, gain, d, dx, dGain, dBias)],
    [`Adam, ${(n / 1e6).toFixed(2)} M values`, () => adamStepValues(adamIn[0], adamIn[1], adamIn[2], adamIn[3], attrs, adamOut), () => native.adamUpdate(adamIn, adamConstants(attrs), adamOut)],
    [`dropout mask [${shape.batch}, ${model.numHeads}, ${shape.targetLength}, ${shape.targetLength}]`, () => dropoutMaskValues(mask, 0.1, 1234), () => native.dropoutMask(mask, threshold, kept, 1234)],
    [`Transpose, QKV split [${qkvShape}]`, () => transposeValues(packed, qkv.shape, qkv.perm, split), () => native.transpose(packed, qkv.shape, qkv.perm, split)],
  ];
  return calls.map(([call, js, nat]) => {
    js();
    nat();
    const times = { js: [] as number[], native: [] as number[] };
    for (let i = 0; i < repeats; i++) {
      for (const useNative of i % 2 ? [false, true] : [true, false]) {
        const started = performance.now();
        (useNative ? nat : js)();
        times[useNative ? 'native' : 'js'].push(performance.now() - started);
      }
    }
    return { call, jsMedianMs: quantile(times.js, 0.5), nativeMedianMs: quantile(times.native, 0.5), jsLeastMs: quantile(times.js, 0), nativeLeastMs: quantile(times.native, 0) };
  });
}
