// Dropout masks from the seeded mulberry32 kernel: the right rate and scale, the same mask for the
// same seed on every backend that has the kernel, a different one for another seed.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/ml/backend';
import { dropoutMaskValues, seededDropout } from '../../../src/ml/kernels/dropout-mask';
import { runOn } from './helpers';

afterAll(async () => {
  await initBackend('wasm');
});

describe('dropout masks', () => {
  it('drops the requested fraction and scales the kept values by 1/(1 − rate)', () => {
    for (const rate of [0.1, 0.3, 0.5]) {
      const out = new Float32Array(200_001); // odd: the last element has its own half-draw
      dropoutMaskValues(out, rate, 12345);
      const kept = out.filter((v) => v !== 0);
      expect(new Set(kept)).toEqual(new Set([Math.fround(1 / (1 - rate))]));
      expect(Math.abs(1 - kept.length / out.length - rate)).toBeLessThan(0.005);
      expect(out[out.length - 1] === 0 || out[out.length - 1] === Math.fround(1 / (1 - rate))).toBe(true);
    }
  });

  it('is a function of the seed: same seed, same mask; another seed, another mask', () => {
    const draw = (seed: number) => {
      const out = new Float32Array(10_000);
      dropoutMaskValues(out, 0.2, seed);
      return out;
    };
    expect(draw(7)).toEqual(draw(7));
    const a = draw(7);
    const b = draw(8);
    expect(a.some((v, i) => v !== b[i])).toBe(true);
  });

  it('gives the same output and gradient on wasm and the JS backend; the gradient is the mask', async () => {
    const x = () => tf.range(1, 1 + 4 * 50).reshape([4, 50]);
    const f = () => {
      const input = x();
      const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(seededDropout(t, 0.25, 99)) as tf.Scalar)(input);
      return [seededDropout(input, 0.25, 99), value, grad];
    };
    const wasm = await runOn('wasm', f);
    const cpu = await runOn('cpu', f);
    expect(wasm[0].values).toEqual(cpu[0].values);
    expect(wasm[2].values).toEqual(cpu[2].values);
    // The gradient of sum(dropout(x)) is the mask itself.
    const mask = wasm[2].values;
    expect(mask.every((m) => m === 0 || Math.abs(m - 1 / 0.75) < 1e-6)).toBe(true);
    expect(wasm[0].values).toEqual(mask.map((m, i) => Math.fround(m * (i + 1))));
  });
});
