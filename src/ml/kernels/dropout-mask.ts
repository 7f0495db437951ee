// Inverted-dropout masks (0 or 1/(1 − rate)) drawn by a fast seeded generator, for the backends
// whose values JS can reach (wasm, plain JS). tf.dropout draws its uniforms with seedrandom's
// alea, about 50 ns per number here: some 11 M numbers, over half a second, per seed-preset
// training step. mulberry32 needs a few integer operations per number.
import * as tf from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { HEAP_BACKENDS, withValues } from './heap-access';

export const DROPOUT_MASK = 'StudioDropoutMask';

interface Attrs {
  shape: number[];
  rate: number;
  seed: number;
}

/**
 * Fills `out` with 0 (probability `rate`, rounded to a multiple of 1/65536) or 1/(1 − rate),
 * deterministically from `seed`. Each 32-bit draw decides two elements, 16 bits each.
 */
export function dropoutMaskValues(out: Float32Array, rate: number, seed: number): void {
  const threshold = Math.round(rate * 65536); // drop when a 16-bit half is below it
  const kept = 1 / (1 - rate);
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
      return withValues(backend, [], [shape], (_, [out]) => dropoutMaskValues(out, rate, seed))[0];
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
