// The wasm backend's matrix products on OpenBLAS (wasm-blas) against the plain JS backend.
// When no BLAS loads here the BLAS cases are skipped loudly ("NOT RUN: …"); CI installs
// libopenblas0-pthread, so there they run.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/ml/backend';
import { loadBlas } from '../../../src/ml/kernels/blas/load-blas';
import { wasmBlas } from '../../../src/ml/kernels/wasm-mat-mul';
import { expectSameResults, maxAbsDiff, randomValues, runOn, spyOnBlas } from './helpers';

const blas = await loadBlas();
const unavailable = typeof blas === 'string' ? blas : undefined;
if (unavailable) console.log(`NOT RUN: BLAS matMul tests (blas-mat-mul.test.ts): ${unavailable}`);
const itBlas = unavailable ? it.skip : it;

afterAll(async () => {
  await initBackend('wasm');
  expect(wasmBlas()).toBeUndefined();
  expect(wasmBlas()?.sgemm).toBeUndefined();
});

/** Runs `f` on wasm-blas with a counting BLAS; returns the values and how many sgemm calls it made. */
async function onBlas(f: () => tf.Tensor | tf.Tensor[]) {
  await initBackend('wasm-blas');
  const spy = spyOnBlas();
  try {
    return { results: await runOn('wasm-blas', f), calls: spy.counts.sgemm };
  } finally {
    spy.restore();
  }
}

/** wasm-blas (which must actually call sgemm) against the plain JS backend. */
async function expectBlasMatchesCpu(f: () => tf.Tensor | tf.Tensor[], tolerance = 1e-4): Promise<void> {
  const { results, calls } = await onBlas(f);
  expect(calls).toBeGreaterThan(0);
  expectSameResults(results, await runOn('cpu', f), tolerance);
}

const tensor = (shape: number[], seed: number) => tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed), shape);

describe('cblas_sgemm through koffi', () => {
  itBlas('computes C = alpha·op(A)·op(B) + beta·C, row-major, with padded leading dimensions', () => {
    const sgemm = (blas as Exclude<typeof blas, string>).sgemm;
    const [m, n, k] = [3, 4, 5];
    const pad = 2; // every matrix is stored with 2 spare columns per row
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const aRows = transA ? k : m;
      const aCols = transA ? m : k;
      const bRows = transB ? n : k;
      const bCols = transB ? k : n;
      const lda = aCols + pad;
      const ldb = bCols + pad;
      const ldc = n + pad;
      const a = Float32Array.from(randomValues(aRows * lda, 1));
      const b = Float32Array.from(randomValues(bRows * ldb, 2));
      const c = Float32Array.from(randomValues(m * ldc, 3));
      const expected = Float64Array.from(c);
      const opA = (i: number, p: number) => (transA ? a[p * lda + i] : a[i * lda + p]);
      const opB = (p: number, j: number) => (transB ? b[j * ldb + p] : b[p * ldb + j]);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let dot = 0;
          for (let p = 0; p < k; p++) dot += opA(i, p) * opB(p, j);
          expected[i * ldc + j] = 0.5 * dot + 2 * c[i * ldc + j];
        }
      }
      sgemm(transA, transB, m, n, k, 0.5, a, lda, b, ldb, 2, c, ldc);
      expect(maxAbsDiff(c, expected)).toBeLessThan(1e-5);
      // The padding columns of C are left alone.
      for (let i = 0; i < m; i++) for (let j = n; j < ldc; j++) expect(c[i * ldc + j]).toBe(Math.fround(expected[i * ldc + j]));
    }
  });

  itBlas('cblas_sdot gives the dot product (float32 inputs, float64-accurate reference)', () => {
    const { sdot } = blas as Exclude<typeof blas, string>;
    for (const n of [0, 1, 7, 1000, 100_003]) {
      const x = Float32Array.from(randomValues(n, 4 + n));
      const y = Float32Array.from(randomValues(n, 5 + n));
      let expected = 0;
      for (let i = 0; i < n; i++) expected += x[i] * y[i];
      expect(Math.abs(sdot(n, x, y) - expected)).toBeLessThan(1e-5 * Math.max(1, Math.sqrt(n)));
    }
    // Subarray views start at their own first element.
    const x = Float32Array.from([100, 1, 2, 3]);
    expect(sdot(3, x.subarray(1), x.subarray(1))).toBe(14);
  });

  itBlas('initBackend("wasm-blas") says OpenBLAS and switches the BLAS on; "wasm" switches it off', async () => {
    const info = await initBackend('wasm-blas');
    expect(info.name).toBe('wasm');
    expect(info.preference).toBe('wasm-blas');
    expect(info.label).toMatch(/OpenBLAS/);
    expect(wasmBlas()).toBe(blas);
    expect(wasmBlas()?.sgemm).toBe((blas as Exclude<typeof blas, string>).sgemm);
    const plain = await initBackend('wasm');
    expect(plain.preference).toBe('wasm');
    expect(plain.label).not.toMatch(/BLAS/);
    expect(wasmBlas()).toBeUndefined();
    expect(wasmBlas()?.sgemm).toBeUndefined();
  });
});

describe('BatchMatMul on wasm-blas matches the JS backend', () => {
  itBlas('all four transpose combinations, rank 2', async () => {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      await expectBlasMatchesCpu(() => tf.matMul(tensor(ta ? [4, 3] : [3, 4], 10), tensor(tb ? [5, 4] : [4, 5], 11), ta, tb));
    }
  });

  itBlas('rank-3 batches, with each transpose combination', async () => {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      await expectBlasMatchesCpu(() => tf.matMul(tensor(ta ? [3, 6, 5] : [3, 5, 6], 12), tensor(tb ? [3, 2, 6] : [3, 6, 2], 13), ta, tb));
    }
  });

  itBlas('rank-4 attention-like products: [2,3,5,4]·[2,3,4,6] and scores·values with transposeB', async () => {
    await expectBlasMatchesCpu(() => tf.matMul(tensor([2, 3, 5, 4], 14), tensor([2, 3, 4, 6], 15)));
    await expectBlasMatchesCpu(() => tf.matMul(tensor([2, 3, 5, 4], 16), tensor([2, 3, 7, 4], 17), false, true));
  });

  itBlas('broadcasts an unbatched side: [2,5,4]·[4,3], [5,4]·[2,4,3] and [1,5,4]·[3,4,2]', async () => {
    await expectBlasMatchesCpu(() => tf.matMul(tensor([2, 5, 4], 18), tensor([4, 3], 19)));
    await expectBlasMatchesCpu(() => tf.matMul(tensor([5, 4], 20), tensor([2, 4, 3], 21)));
    await expectBlasMatchesCpu(() => tf.matMul(tensor([1, 5, 4], 22), tensor([3, 4, 2], 23)));
    await expectBlasMatchesCpu(() => tf.matMul(tensor([2, 4, 5], 24), tensor([3, 4], 25), true, true));
  });

  itBlas('a larger product (BLAS blocking and threads) and an empty inner dimension', async () => {
    await expectBlasMatchesCpu(() => tf.matMul(tensor([67, 130], 26), tensor([130, 93], 27)), 1e-4);
    // k = 0: the product is all zeros (nothing to multiply).
    const { results } = await onBlas(() => tf.matMul(tf.zeros([2, 3, 0]), tf.zeros([2, 0, 4])));
    expect(results[0].shape).toEqual([2, 3, 4]);
    expect(results[0].values).toEqual(new Array(24).fill(0));
  });

  itBlas('the same numbers with the BLAS off (plain wasm, no sgemm installed)', async () => {
    const f = () => [tf.matMul(tensor([2, 6, 5], 28), tensor([2, 4, 6], 29), true, true), tf.matMul(tensor([5, 3], 30), tensor([3, 4], 31))];
    const { results } = await onBlas(f);
    await initBackend('wasm');
    expect(wasmBlas()).toBeUndefined();
    const plain = await runOn('wasm', f);
    expect(wasmBlas()).toBeUndefined();
    expectSameResults(plain, results, 1e-4);
  });
});

describe('_FusedMatMul on wasm-blas matches the JS backend', () => {
  itBlas('bias [n] with relu and linear activations, with and without transposes', async () => {
    for (const activation of ['relu', 'linear'] as const) {
      for (const [ta, tb] of [[false, false], [true, true], [false, true]] as const) {
        await expectBlasMatchesCpu(() =>
          tf.fused.matMul({ a: tensor(ta ? [4, 6] : [6, 4], 40), b: tensor(tb ? [5, 4] : [4, 5], 41), transposeA: ta, transposeB: tb, bias: tensor([5], 42), activation }),
        );
      }
      await expectBlasMatchesCpu(() => tf.fused.matMul({ a: tensor([2, 6, 4], 43), b: tensor([4, 5], 44), bias: tensor([5], 45), activation }));
    }
  });

  itBlas('no bias, relu: negatives become exactly 0', async () => {
    const { results, calls } = await onBlas(() => tf.fused.matMul({ a: tensor([6, 4], 46), b: tensor([4, 5], 47), activation: 'relu' }));
    expect(calls).toBeGreaterThan(0);
    expect(Math.min(...results[0].values)).toBe(0);
    expectSameResults(results, await runOn('cpu', () => tf.fused.matMul({ a: tensor([6, 4], 46), b: tensor([4, 5], 47), activation: 'relu' })));
  });

  // A bias [m, 1] with m = n has n elements but belongs to rows: the BLAS path must not add it
  // per column. It leaves it to the stock wasm kernel, which refuses rank-2 biases.
  itBlas('a bias that broadcasts along columns ([m, 1], with m = n) is never added per column', async () => {
    const f = () => tf.fused.matMul({ a: tensor([4, 3], 48), b: tensor([3, 4], 49), bias: tf.tensor2d([[1], [2], [3], [4]]) });
    await expect(onBlas(f)).rejects.toThrow(/rank-1 bias/);
  });

  itBlas('a rank-2 bias [1, n] is added to every row', async () => {
    await expectBlasMatchesCpu(() => tf.fused.matMul({ a: tensor([6, 4], 56), b: tensor([4, 5], 57), bias: tensor([1, 5], 58), activation: 'relu' }));
  });

  itBlas('activations the BLAS kernel does not handle (elu, sigmoid) fall back to the stock kernel and still match', async () => {
    const f = () => [
      tf.fused.matMul({ a: tensor([6, 4], 50), b: tensor([4, 5], 51), bias: tensor([5], 52), activation: 'elu' }),
      tf.fused.matMul({ a: tensor([6, 4], 53), b: tensor([4, 5], 54), bias: tensor([5], 55), activation: 'sigmoid' }),
    ];
    const { results, calls } = await onBlas(f);
    expect(calls).toBe(0);
    expectSameResults(results, await runOn('cpu', f));
  });

  itBlas('gradients of a weighted sum of a fused matMul (a, b and bias) match', async () => {
    const cases = [
      ['relu', false, [6, 4], [4, 5]],
      ['linear', true, [6, 4], [5, 4]],
      ['relu', true, [2, 6, 4], [2, 5, 4]],
    ] as const;
    for (const [activation, tb, aShape, bShape] of cases) {
      const f = () => {
        const a = tensor([...aShape], 60);
        const b = tensor([...bShape], 61);
        const bias = tensor([5], 62);
        const weights = tensor([...aShape.slice(0, -1), 5], 63);
        const loss = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
          tf.sum(tf.mul(tf.fused.matMul({ a: x as tf.Tensor3D, b: y as tf.Tensor3D, bias: z, transposeB: tb, activation }), weights));
        return [loss(a, b, bias), ...tf.grads(loss)([a, b, bias])];
      };
      const { results, calls } = await onBlas(f);
      // Forward product plus the two backward products.
      expect(calls).toBeGreaterThanOrEqual(3);
      expectSameResults(results, await runOn('cpu', f));
    }
  });
});
