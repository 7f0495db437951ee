// The fused label-smoothed cross-entropy kernel (value and gradient in one pass) against the same
// loss composed from TF.js ops, on the backends that have the kernel (wasm with and without BLAS, JS).
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/ml/backend';
import { loadBlas } from '../../../src/ml/kernels/blas/load-blas';
import { fusedSmoothedCrossEntropy, registerSmoothedCrossEntropy, SMOOTHED_CROSS_ENTROPY, smoothedCrossEntropyValues } from '../../../src/ml/kernels/smoothed-cross-entropy';
import { composedCrossEntropy, labelSmoothedCrossEntropy } from '../../../src/ml/train/loss';
import { PAD_ID } from '../../../src/shared/tokenizer/vocab';
import { maxAbsDiff, randomValues, runOn } from './helpers';

afterAll(async () => {
  await initBackend('wasm');
});

const blas = await loadBlas();
if (typeof blas === 'string') console.log(`NOT RUN (the wasm-blas cases of the cross-entropy tests): ${blas}`);
const BACKENDS = typeof blas === 'string' ? (['wasm', 'cpu'] as const) : (['wasm-blas', 'wasm', 'cpu'] as const);

const N = 6;
const V = 7;
// Rows 1 and 4 are padding.
const LABELS = [3, PAD_ID, 5, 1, PAD_ID, 6];
const PADDING_ROWS = [1, 4];

function fused(logits: tf.Tensor, labels: tf.Tensor, smoothing: number, smoothOver?: number): tf.Scalar {
  const loss = fusedSmoothedCrossEntropy(logits as tf.Tensor2D, labels as tf.Tensor1D, smoothing, PAD_ID, smoothOver);
  expect(loss, `no fused kernel on ${tf.getBackend()}`).toBeDefined();
  return loss!;
}

/** A scalar's value; the tensor is disposed. */
function valueOf(t: tf.Tensor): number {
  const value = t.dataSync()[0];
  t.dispose();
  return value;
}

/** [loss, dLoss/dLogits] of one of the two implementations. */
const lossAndGrad = (impl: 'fused' | 'composed', logitValues: number[], labelValues: number[], smoothing: number, upstream = 1, smoothOver?: number) => () => {
  const logits = tf.tensor2d(logitValues, [labelValues.length, logitValues.length / labelValues.length]);
  const labels = tf.tensor1d(labelValues, 'int32');
  const f = (x: tf.Tensor) =>
    tf.mul(impl === 'fused' ? fused(x, labels, smoothing, smoothOver) : composedCrossEntropy(x as tf.Tensor2D, labels, smoothing, smoothOver), upstream) as tf.Scalar;
  const { value, grad } = tf.valueAndGrad(f)(logits);
  return [value, grad];
};

describe('fused smoothed cross-entropy', () => {
  it('a two-class case by hand: loss ln 2 and gradient (softmax − target)', () => {
    const loss = new Float32Array(1);
    const grad = new Float32Array(4);
    smoothedCrossEntropyValues([0, 0, 2, 0], [1, PAD_ID], 2, { smoothing: 0, padId: PAD_ID, smoothOver: 2 }, loss, grad);
    expect(loss[0]).toBeCloseTo(Math.LN2, 6);
    expect(Array.from(grad)).toEqual([0.5, -0.5, 0, 0]);
    // Smoothing 0.2 over 2 classes: target distribution [0.1, 0.9] → the same loss here (uniform p), gradient 0.5 − target.
    smoothedCrossEntropyValues([0, 0], [1], 2, { smoothing: 0.2, padId: PAD_ID, smoothOver: 2 }, loss, grad);
    expect(loss[0]).toBeCloseTo(Math.LN2, 6);
    expect(grad[0]).toBeCloseTo(0.4, 6);
    expect(grad[1]).toBeCloseTo(-0.4, 6);
  });

  for (const backend of BACKENDS) {
    for (const smoothing of [0, 0.1]) {
      it(`equals the composed loss and its gradient on ${backend}, smoothing ${smoothing}, with padding rows`, async () => {
        const logits = randomValues(N * V, 7).map((x) => 4 * x);
        const [fusedLoss, fusedGrad] = await runOn(backend, lossAndGrad('fused', logits, LABELS, smoothing));
        const [composedLoss, composedGrad] = await runOn(backend, lossAndGrad('composed', logits, LABELS, smoothing));
        expect(fusedLoss.shape).toEqual([]);
        expect(fusedLoss.values[0]).toBeGreaterThan(0.5);
        expect(fusedLoss.values[0]).toBeCloseTo(composedLoss.values[0], 5);
        expect(fusedGrad.shape).toEqual([N, V]);
        expect(maxAbsDiff(fusedGrad.values, composedGrad.values)).toBeLessThan(1e-6);
        // Padding rows get exactly zero gradient; every real row's gradient sums to 0 (softmax and target both sum to 1).
        for (let row = 0; row < N; row++) {
          const rowGrad = fusedGrad.values.slice(row * V, (row + 1) * V);
          if (PADDING_ROWS.includes(row)) expect(rowGrad).toEqual(new Array(V).fill(0));
          else {
            expect(rowGrad.some((g) => g !== 0)).toBe(true);
            expect(Math.abs(rowGrad.reduce((a, b) => a + b, 0))).toBeLessThan(1e-6);
          }
        }
      });
    }

    it(`smooths over the vocabulary only, past it columns masked to -1e9 (copy attention's padding) stay harmless, on ${backend}`, async () => {
      const vocab = 4; // columns 4..6 are source positions; 6 is padding in every row
      const logits = randomValues(N * V, 11).map((x, i) => (i % V === 6 ? -1e9 : 4 * x));
      const labels = [3, PAD_ID, 5, 1, PAD_ID, 0]; // 5: a copy of source position 1
      const [fusedLoss, fusedGrad] = await runOn(backend, lossAndGrad('fused', logits, labels, 0.1, 1, vocab));
      const [composedLoss, composedGrad] = await runOn(backend, lossAndGrad('composed', logits, labels, 0.1, 1, vocab));
      expect(fusedLoss.values[0]).toBeGreaterThan(0.5);
      expect(fusedLoss.values[0]).toBeLessThan(10);
      expect(fusedLoss.values[0]).toBeCloseTo(composedLoss.values[0], 5);
      expect(maxAbsDiff(fusedGrad.values, composedGrad.values)).toBeLessThan(1e-6);
      for (let row = 0; row < N; row++) expect(fusedGrad.values[row * V + 6]).toBe(0);
    });

    it(`scales the gradient by the upstream gradient on ${backend}`, async () => {
      const logits = randomValues(N * V, 8);
      const [loss, grad] = await runOn(backend, lossAndGrad('fused', logits, LABELS, 0.1));
      const [loss3, grad3] = await runOn(backend, lossAndGrad('fused', logits, LABELS, 0.1, 3));
      expect(loss3.values[0]).toBeCloseTo(3 * loss.values[0], 5);
      expect(maxAbsDiff(grad3.values, grad.values.map((g) => 3 * g))).toBeLessThan(1e-6);
    });

    it(`stays finite and matches for large logits and for an all-padding batch on ${backend}`, async () => {
      const large = randomValues(N * V, 9).map((x) => 300 * x);
      const [fusedLoss, fusedGrad] = await runOn(backend, lossAndGrad('fused', large, LABELS, 0.1));
      const [composedLoss, composedGrad] = await runOn(backend, lossAndGrad('composed', large, LABELS, 0.1));
      expect(Number.isFinite(fusedLoss.values[0])).toBe(true);
      expect(Math.abs(fusedLoss.values[0] - composedLoss.values[0]) / composedLoss.values[0]).toBeLessThan(1e-5);
      expect(maxAbsDiff(fusedGrad.values, composedGrad.values)).toBeLessThan(1e-6);

      const allPadding = new Array(N).fill(PAD_ID);
      const [padLoss, padGrad] = await runOn(backend, lossAndGrad('fused', large, allPadding, 0.1));
      expect(padLoss.values).toEqual([0]);
      expect(padGrad.values.every((g) => g === 0)).toBe(true);
    });

    it(`leaves no tensors behind on ${backend}`, async () => {
      await initBackend(backend);
      const logits = tf.tensor2d(randomValues(N * V, 10), [N, V]);
      const labels = tf.tensor1d(LABELS, 'int32');
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        tf.valueAndGrad((x: tf.Tensor) => fused(x, labels, 0.1))(logits);
      });
      expect(tf.memory().numTensors).toBe(before);
      // Outside a tidy, the loss is the only new tensor.
      const loss = fused(logits, labels, 0.1);
      expect(tf.memory().numTensors).toBe(before + 1);
      loss.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([logits, labels]);
    });
  }

  it('labelSmoothedCrossEntropy ([B, T, V]) uses the fused kernel where it exists and the composed loss where not', async () => {
    await initBackend('cpu');
    const before = tf.memory().numTensors;
    const logits = tf.tensor3d(randomValues(N * V, 11), [2, 3, V]);
    const labels = tf.tensor2d(LABELS, [2, 3], 'int32');
    const flatLogits = tf.reshape(logits, [N, V]) as tf.Tensor2D;
    const flatLabels = tf.reshape(labels, [N]) as tf.Tensor1D;
    const expected = valueOf(tf.tidy(() => composedCrossEntropy(flatLogits, flatLabels, 0.1)));
    const withKernel = valueOf(tf.tidy(() => labelSmoothedCrossEntropy(logits, labels, 0.1)));
    tf.unregisterKernel(SMOOTHED_CROSS_ENTROPY, 'cpu');
    try {
      expect(fusedSmoothedCrossEntropy(flatLogits, flatLabels, 0.1, PAD_ID)).toBeUndefined();
      const withoutKernel = valueOf(tf.tidy(() => labelSmoothedCrossEntropy(logits, labels, 0.1)));
      expect(withoutKernel).toBe(expected);
    } finally {
      registerSmoothedCrossEntropy();
    }
    expect(withKernel).toBeCloseTo(expected, 5);
    expect(tf.getKernel(SMOOTHED_CROSS_ENTROPY, 'cpu')).toBeDefined();
    tf.dispose([logits, labels, flatLogits, flatLabels]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
