// Shared helpers for the kernel tests: run a computation on a chosen backend and bring back plain
// numbers, seeded inputs, and comparisons.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { initBackend, type BackendPreference } from '../../../src/ml/backend';
import { useBlasMatMul, wasmBlas } from '../../../src/ml/kernels/wasm-mat-mul';
import { SeededRandom } from '../../../src/shared/random/seeded-random';

export type Pref = Exclude<BackendPreference, 'auto'>;

/** Switches to `pref`, runs `f` (in a tidy) and returns each result tensor's values and shape. */
export async function runOn(pref: Pref, f: () => tf.Tensor | tf.Tensor[]): Promise<{ values: number[]; shape: number[]; dtype: string }[]> {
  await initBackend(pref);
  expect(tf.getBackend()).toBe(pref === 'wasm-blas' ? 'wasm' : pref);
  const before = tf.memory().numTensors;
  const out = tf.tidy(f);
  const list = Array.isArray(out) ? out : [out];
  const results = [];
  for (const t of list) results.push({ values: Array.from(await t.data()) as number[], shape: t.shape, dtype: t.dtype });
  tf.dispose(list);
  expect(tf.memory().numTensors).toBe(before);
  return results;
}

/** Seeded values in [-1, 1). */
export function randomValues(count: number, seed: number): number[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: count }, () => rng.next() * 2 - 1);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Same shapes, same dtypes, values within `tolerance` (exactly equal when 0). */
export function expectSameResults(actual: Awaited<ReturnType<typeof runOn>>, expected: Awaited<ReturnType<typeof runOn>>, tolerance = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((result, i) => {
    expect(result.shape).toEqual(expected[i].shape);
    expect(result.dtype).toBe(expected[i].dtype);
    if (tolerance === 0) expect(result.values).toEqual(expected[i].values);
    else expect(maxAbsDiff(result.values, expected[i].values)).toBeLessThan(tolerance);
  });
}

/**
 * On wasm-blas: swaps the BLAS in use for one that counts its calls (so a test can tell that a
 * kernel really went through the BLAS). Call restore() when done.
 */
export function spyOnBlas(): { counts: { sgemm: number; sdot: number }; restore: () => void } {
  const real = wasmBlas();
  if (!real) throw new Error('no BLAS in use: initBackend("wasm-blas") first');
  const counts = { sgemm: 0, sdot: 0 };
  useBlasMatMul({
    ...real,
    sgemm: (...args) => {
      counts.sgemm++;
      real.sgemm(...args);
    },
    sdot: (...args) => {
      counts.sdot++;
      return real.sdot(...args);
    },
  });
  return { counts, restore: () => useBlasMatMul(real) };
}
