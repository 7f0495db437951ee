// One Adam step for one parameter in a single pass, for the backends whose values JS can reach
// (wasm, plain JS). Composed from TF.js ops the update is about a dozen kernels per parameter
// tensor, each a full pass allocating a temporary; over the ~100 tensors of a model that was
// a tenth of a training step. Outputs new tensors (no in-place writes: TF.js may share data).
// On wasm with the native kernels loaded (native/) the same arithmetic runs there, vectorised.
import * as tf from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { HEAP_BACKENDS, withValues } from './heap-access';
import type { AdamConstants } from './native/load-native-kernels';
import { float32Views, nativeKernels } from './native/native-kernels';
import { wasmBlas } from './wasm-mat-mul';

export const ADAM_UPDATE = 'StudioAdamUpdate';
export const SUM_OF_SQUARES = 'StudioSumOfSquares';

export interface AdamStepAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β1^t and 1 − β2^t */
  correction1: number;
  correction2: number;
  /** Decoupled weight decay (AdamW) for this tensor; 0 for none. */
  weightDecay: number;
  /** Gradient scale from global-norm clipping. */
  gradientScale: number;
}

/** Constants out of the loop: update = lr·(m/c1)/(√(v/c2) + ε) + lr·decay·param */
export function adamConstants(a: AdamStepAttrs): AdamConstants {
  const { beta1, beta2, epsilon, gradientScale } = a;
  return { beta1, beta2, epsilon, gradientScale, stepSize: a.learningRate / a.correction1, inverseCorrection2: 1 / a.correction2, decay: a.learningRate * a.weightDecay };
}

/** param, grad, m, v → param', m', v' */
export function adamStepValues(param: ArrayLike<number>, grad: ArrayLike<number>, m: ArrayLike<number>, v: ArrayLike<number>, a: AdamStepAttrs, out: Float32Array[]): void {
  const [nextParam, nextM, nextV] = out;
  const { beta1, beta2, epsilon, gradientScale, stepSize, inverseCorrection2, decay } = adamConstants(a);
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i] * gradientScale;
    const mi = m[i] * beta1 + g * keep1;
    const vi = v[i] * beta2 + g * g * keep2;
    nextM[i] = mi;
    nextV[i] = vi;
    const p = param[i];
    nextParam[i] = p - (stepSize * mi) / (Math.sqrt(vi * inverseCorrection2) + epsilon) - decay * p;
  }
}

function adamKernel(backendName: string): KernelConfig {
  return {
    kernelName: ADAM_UPDATE,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { param, grad, m, v } = inputs as Record<string, TensorInfo>;
      const native = backendName === 'wasm' ? nativeKernels() : undefined;
      const a = attrs as unknown as AdamStepAttrs;
      return withValues(backend, [param, grad, m, v], [param.shape, param.shape, param.shape], (values, out) => {
        const f = native && float32Views(values);
        if (f) native.adamUpdate(f, adamConstants(a), out);
        else adamStepValues(values[0], values[1], values[2], values[3], a, out);
      });
    },
  };
}

function sumOfSquaresKernel(backendName: string): KernelConfig {
  return {
    kernelName: SUM_OF_SQUARES,
    backendName,
    kernelFunc: ({ inputs, backend }) =>
      withValues(backend, [inputs.x as TensorInfo], [[]], ([x], [out]) => {
        const blas = backendName === 'wasm' && (inputs.x as TensorInfo).dtype === 'float32' ? wasmBlas() : undefined;
        if (blas) {
          out[0] = blas.sdot(x.length, x as Float32Array, x as Float32Array);
          return;
        }
        let total = 0;
        for (let i = 0; i < x.length; i++) total += x[i] * x[i];
        out[0] = total;
      })[0],
  };
}

export function registerAdamKernels(): void {
  for (const name of HEAP_BACKENDS) {
    if (!getKernel(ADAM_UPDATE, name)) registerKernel(adamKernel(name));
    if (!getKernel(SUM_OF_SQUARES, name)) registerKernel(sumOfSquaresKernel(name));
  }
}

export function hasFusedAdam(): boolean {
  return getKernel(ADAM_UPDATE, tf.getBackend()) !== undefined;
}

export function fusedAdamStep(param: tf.Tensor, grad: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamStepAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf.engine().runKernel(ADAM_UPDATE, { param, grad, m, v }, attrs as never) as [tf.Tensor, tf.Tensor, tf.Tensor];
}

export function sumOfSquares(x: tf.Tensor): tf.Scalar {
  return tf.engine().runKernel(SUM_OF_SQUARES, { x }, {}) as tf.Scalar;
}
