// Inverted-dropout masks (0 or 1/(1 − rate)) drawn by a fast seeded generator, for the backends
// whose values JS can reach (wasm, plain JS). tf.dropout draws its uniforms with seedrandom's
// alea, about 50 ns per number here: some 11 M numbers, over half a second, per seed-preset
// training step. mulberry32 needs a few integer operations per number. On wasm with the native
// kernels loaded (native/) the same stream is drawn there, vectorised: the same mask, bit for bit.
import * as tf from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { HEAP_BACKENDS, withValues } from './heap-access';
import { nativeKernels } from './native/native-kernels';

export const DROPOUT_MASK = 'StudioDropoutMask';

interface Attrs {
  shape: number[];
  rate: number;
  seed: number;
}

/** Drop when a 16-bit half-draw is below `threshold`; kept values are `kept`. */
export function maskConstants(rate: number): { threshold: number; kept: number } {
  return { threshold: Math.round(rate * 65536), kept: 1 / (1 - rate) };
}

/**
 * Fills `out` with 0 (probability `rate`, rounded to a multiple of 1/65536) or 1/(1 − rate),
 * deterministically from `seed`. Each 32-bit draw decides two elements, 16 bits each.
 */
export function dropoutMaskValues(out: Float32Array, rate: number, seed: number): void {
  const { threshold, kept } = maskConstants(rate);
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i += 2) {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    t ^= t >>> 14;
    out[i] = (t & 0xffff) < threshold ? 0 : kept;
    if (i + 1 < out.length) out[i + 1] = t >>> 16 < threshold ? 0 : kept;
  }
}

function kernelFor(backendName: string): KernelConfig {
  return {
    kernelName: DROPOUT_MASK,
    backendName,
    kernelFunc: ({ backend, attrs }) => {
      const { shape, rate, seed } = attrs as unknown as Attrs;
      const native = backendName === 'wasm' ? nativeKernels() : undefined;
      return withValues(backend, [], [shape], (_, [out]) => {
        if (!native) return dropoutMaskValues(out, rate, seed);
        const { threshold, kept } = maskConstants(rate);
        native.dropoutMask(out, threshold, kept, seed);
      })[0];
    },
  };
}

export function registerDropoutMask(): void {
  for (const name of HEAP_BACKENDS) if (!getKernel(DROPOUT_MASK, name)) registerKernel(kernelFor(name));
}

/** x with dropout applied (inverted scaling), or tf.dropout where the kernel is missing. */
export function seededDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (!getKernel(DROPOUT_MASK, tf.getBackend())) return tf.dropout(x, rate, undefined, seed);
  const mask = tf.engine().runKernel(DROPOUT_MASK, {}, { shape: x.shape, rate, seed } as never) as tf.Tensor;
  return tf.mul(x, mask);
}
