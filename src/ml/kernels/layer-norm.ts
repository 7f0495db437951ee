// Layer normalisation (Ba et al. 2016) forward and backward as two kernels, for the backends
// whose values JS can reach (wasm, plain JS). Composed from TF.js ops a layer norm is about 8
// kernels forward and 15 backward, each a pass over [rows, D] with a temporary; the seed model
// has 16 of them. The backward pass uses the closed form:
//   dx = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂)),  dx̂ = dy · γ,  dγ = Σ dy · x̂,  dβ = Σ dy.
// On wasm with the native kernels loaded (native/), both run there, vectorised.
// R rows (all leading axes) · D normalised axis
import * as tf from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { HEAP_BACKENDS, withValues } from './heap-access';
import { float32Views, nativeKernels } from './native/native-kernels';

export const LAYER_NORM = 'StudioLayerNorm';
export const LAYER_NORM_GRAD = 'StudioLayerNormGrad';

/** x [R·D], γ, β [D] → y [R·D], x̂ [R·D], rstd [R] */
export function layerNormValues(x: ArrayLike<number>, gain: ArrayLike<number>, bias: ArrayLike<number>, width: number, epsilon: number, y: Float32Array, xHat: Float32Array, rstd: Float32Array): void {
  const rows = rstd.length;
  for (let r = 0; r < rows; r++) {
    const offset = r * width;
    let sum = 0;
    for (let j = 0; j < width; j++) sum += x[offset + j];
    const mean = sum / width;
    let squares = 0;
    for (let j = 0; j < width; j++) {
      const d = x[offset + j] - mean;
      squares += d * d;
    }
    const scale = 1 / Math.sqrt(squares / width + epsilon);
    rstd[r] = scale;
    for (let j = 0; j < width; j++) {
      const n = (x[offset + j] - mean) * scale;
      xHat[offset + j] = n;
      y[offset + j] = n * gain[j] + bias[j];
    }
  }
}

/** dy, x̂ [R·D], rstd [R], γ [D] → dx [R·D], dγ [D], dβ [D] */
export function layerNormGradValues(dy: ArrayLike<number>, xHat: ArrayLike<number>, rstd: ArrayLike<number>, gain: ArrayLike<number>, width: number, dx: Float32Array, dGain: Float32Array, dBias: Float32Array): void {
  dGain.fill(0);
  dBias.fill(0);
  for (let r = 0; r < rstd.length; r++) {
    const offset = r * width;
    let meanD = 0;
    let meanDX = 0;
    for (let j = 0; j < width; j++) {
      const g = dy[offset + j];
      const n = xHat[offset + j];
      const d = g * gain[j];
      meanD += d;
      meanDX += d * n;
      dGain[j] += g * n;
      dBias[j] += g;
    }
    meanD /= width;
    meanDX /= width;
    const scale = rstd[r];
    for (let j = 0; j < width; j++) dx[offset + j] = scale * (dy[offset + j] * gain[j] - meanD - xHat[offset + j] * meanDX);
  }
}

function forwardKernel(backendName: string): KernelConfig {
  return {
    kernelName: LAYER_NORM,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, gain, bias } = inputs as Record<string, TensorInfo>;
      const width = x.shape[x.shape.length - 1];
      const rows = tf.util.sizeFromShape(x.shape) / width;
      const epsilon = (attrs as { epsilon: number }).epsilon;
      const native = backendName === 'wasm' ? nativeKernels() : undefined;
      return withValues(backend, [x, gain, bias], [x.shape, x.shape, [rows]], (values, [y, xHat, rstd]) => {
        const f = native && float32Views(values);
        if (f) native.layerNorm(f[0], f[1], f[2], width, epsilon, y, xHat, rstd);
        else layerNormValues(values[0], values[1], values[2], width, epsilon, y, xHat, rstd);
      });
    },
  };
}

function gradKernel(backendName: string): KernelConfig {
  return {
    kernelName: LAYER_NORM_GRAD,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const { dy, xHat, rstd, gain } = inputs as Record<string, TensorInfo>;
      const width = dy.shape[dy.shape.length - 1];
      const native = backendName === 'wasm' ? nativeKernels() : undefined;
      return withValues(backend, [dy, xHat, rstd, gain], [dy.shape, [width], [width]], (values, [dx, dGain, dBias]) => {
        const f = native && float32Views(values);
        if (f) native.layerNormGrad(f[0], f[1], f[2], f[3], width, dx, dGain, dBias);
        else layerNormGradValues(values[0], values[1], values[2], values[3], width, dx, dGain, dBias);
      });
    },
  };
}

export function registerLayerNorm(): void {
  for (const name of HEAP_BACKENDS) {
    if (!getKernel(LAYER_NORM, name)) registerKernel(forwardKernel(name));
    if (!getKernel(LAYER_NORM_GRAD, name)) registerKernel(gradKernel(name));
  }
}

/** LayerNorm of x [..., D] with γ, β [D] on the current backend, or undefined where it has no kernel. */
export function fusedLayerNorm(x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor, epsilon: number): tf.Tensor | undefined {
  if (!getKernel(LAYER_NORM, tf.getBackend()) || x.dtype !== 'float32') return undefined;
  const normalise = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, xHat, rstd] = tf.engine().runKernel(LAYER_NORM, { x: input, gain: g, bias: b }, { epsilon } as never) as tf.Tensor[];
    save([xHat, rstd, g]);
    return {
      value: y,
      gradFunc: (dy, saved) => tf.engine().runKernel(LAYER_NORM_GRAD, { dy: dy as tf.Tensor, xHat: saved[0], rstd: saved[1], gain: saved[2] }, {}) as tf.Tensor[],
    };
  });
  return normalise(x, gain, bias);
}
