// The fused layer norm (one kernel forward, one backward) against the same layer norm composed
// from TF.js ops: values and gradients for x, γ and β, on both backends that have the kernels.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/ml/backend';
import { fusedLayerNorm } from '../../../src/ml/kernels/layer-norm';
import { composedLayerNorm } from '../../../src/ml/model/building-blocks';
import { maxAbsDiff, randomValues, runOn } from './helpers';

afterAll(async () => {
  await initBackend('wasm');
});

const SHAPE = [3, 5, 16];
const EPSILON = 1e-6;

const layerNormAndGrads = (impl: 'fused' | 'composed') => () => {
  const x = tf.tensor(randomValues(3 * 5 * 16, 21).map((v) => 3 * v + 0.5), SHAPE);
  const gain = tf.tensor1d(randomValues(16, 22).map((v) => 1 + v));
  const bias = tf.tensor1d(randomValues(16, 23));
  const upstream = tf.tensor(randomValues(3 * 5 * 16, 24), SHAPE); // a non-uniform dy
  const norm = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const y = impl === 'fused' ? fusedLayerNorm(a, g, b, EPSILON) : composedLayerNorm(a, g, b, EPSILON);
    expect(y, `no fused layer norm on ${tf.getBackend()}`).toBeDefined();
    return y!;
  };
  const y = norm(x, gain, bias);
  const grads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(norm(a, g, b), upstream)))([x, gain, bias]);
  return [y, ...grads];
};

describe('fused layer norm', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`matches the composed layer norm and its gradients on ${backend}`, async () => {
      const fused = await runOn(backend, layerNormAndGrads('fused'));
      const composed = await runOn(backend, layerNormAndGrads('composed'));
      expect(fused.map((r) => r.shape)).toEqual([SHAPE, SHAPE, [16], [16]]);
      for (let i = 0; i < 4; i++) expect(maxAbsDiff(fused[i].values, composed[i].values), `output ${i}`).toBeLessThan(2e-5);
      // The gradient reaching x is not trivially zero.
      expect(fused[1].values.some((v) => v !== 0)).toBe(true);
    });
  }

  it('normalises each row to mean 0 and variance 1 when γ = 1 and β = 0, and leaks no tensors', async () => {
    const [y] = await runOn('wasm', () => {
      const x = tf.tensor2d(randomValues(4 * 32, 25).map((v) => 10 * v + 3), [4, 32]);
      return fusedLayerNorm(x, tf.ones([32]), tf.zeros([32]), EPSILON)!;
    });
    for (let r = 0; r < 4; r++) {
      const row = y.values.slice(r * 32, (r + 1) * 32);
      const mean = row.reduce((a, b) => a + b, 0) / 32;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 32;
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(variance).toBeCloseTo(1, 4);
    }
  });
});
