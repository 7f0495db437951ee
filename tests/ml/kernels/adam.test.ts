// The fused Adam step (one kernel per tensor) against a float64 reference, and the Adam class on
// its fused path against the same class on its composed (TF.js ops) path.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/ml/backend';
import { ADAM_UPDATE, adamStepValues, hasFusedAdam, registerAdamKernels, sumOfSquares, type AdamStepAttrs } from '../../../src/ml/kernels/adam-update';
import { loadBlas } from '../../../src/ml/kernels/blas/load-blas';
import { Adam, type AdamSettings } from '../../../src/ml/train/adam';
import { randomValues, spyOnBlas, type Pref } from './helpers';

const blas = await loadBlas();
const unavailable = typeof blas === 'string' ? blas : undefined;
if (unavailable) console.log(`NOT RUN: Adam / sumOfSquares on wasm-blas (adam.test.ts): ${unavailable}`);
/** The backends with the fused kernels; wasm-blas only where a BLAS loads (reported above). */
const BACKENDS: Pref[] = unavailable ? ['wasm', 'cpu'] : ['wasm', 'wasm-blas', 'cpu'];

afterAll(async () => {
  registerAdamKernels();
  await initBackend('wasm');
});

/** Adam as written in the paper (plus decoupled decay), element by element in float64. */
function referenceStep(p: number, g: number, m: number, v: number, a: AdamStepAttrs): [number, number, number] {
  const scaled = g * a.gradientScale;
  const nextM = a.beta1 * m + (1 - a.beta1) * scaled;
  const nextV = a.beta2 * v + (1 - a.beta2) * scaled * scaled;
  const mHat = nextM / a.correction1;
  const vHat = nextV / a.correction2;
  return [p - a.learningRate * (mHat / (Math.sqrt(vHat) + a.epsilon) + a.weightDecay * p), nextM, nextV];
}

const close = (actual: number, expected: number, relative: number) => Math.abs(actual - expected) <= relative * Math.max(Math.abs(expected), 1e-3);

describe('adamStepValues', () => {
  for (const [label, weightDecay, gradientScale, step] of [
    ['plain Adam, first step', 0, 1, 1],
    ['with weight decay and a clipping scale, step 5', 0.01, 0.37, 5],
    ['strong decay, tiny scale, step 1000', 0.3, 1e-3, 1000],
  ] as const) {
    it(`matches a float64 per-element reference: ${label}`, () => {
      const count = 2000;
      const param = Float32Array.from(randomValues(count, 1));
      const grad = Float32Array.from(randomValues(count, 2).map((x) => 5 * x));
      const m = Float32Array.from(randomValues(count, 3).map((x) => 0.1 * x));
      const v = Float32Array.from(randomValues(count, 4).map((x) => 0.01 * x * x));
      const beta1 = 0.9;
      const beta2 = 0.98;
      const attrs: AdamStepAttrs = { learningRate: 3e-3, beta1, beta2, epsilon: 1e-9, correction1: 1 - beta1 ** step, correction2: 1 - beta2 ** step, weightDecay, gradientScale };
      const out = [new Float32Array(count), new Float32Array(count), new Float32Array(count)];
      adamStepValues(param, grad, m, v, attrs, out);
      let changed = 0;
      for (let i = 0; i < count; i++) {
        const [p, mi, vi] = referenceStep(param[i], grad[i], m[i], v[i], attrs);
        if (!close(out[0][i], p, 1e-6) || !close(out[1][i], mi, 1e-6) || !close(out[2][i], vi, 1e-6)) {
          throw new Error(`element ${i}: got ${out.map((o) => o[i])}, expected ${[p, mi, vi]}`);
        }
        if (out[0][i] !== param[i]) changed++;
      }
      expect(changed).toBeGreaterThan(count * 0.99);
    });
  }

  it('leaves its inputs unchanged', () => {
    const inputs = [0, 1, 2, 3].map((seed) => Float32Array.from(randomValues(50, seed).map(Math.abs)));
    const copies = inputs.map((a) => Float32Array.from(a));
    const out = [new Float32Array(50), new Float32Array(50), new Float32Array(50)];
    adamStepValues(inputs[0], inputs[1], inputs[2], inputs[3], { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, correction1: 0.1, correction2: 0.001, weightDecay: 0.1, gradientScale: 0.5 }, out);
    expect(inputs).toEqual(copies);
  });
});

describe('sumOfSquares kernel', () => {
  for (const backend of BACKENDS) {
    it(`sums squares on ${backend}`, async () => {
      await initBackend(backend);
      const spy = backend === 'wasm-blas' ? spyOnBlas() : undefined;
      try {
        for (const n of [0, 1, 1000, 65_537]) {
          const values = randomValues(n, 5 + n);
          const x = tf.tensor1d(values);
          const total = sumOfSquares(x);
          expect(total.shape).toEqual([]);
          const expected = values.reduce((s, a) => s + Math.fround(a) ** 2, 0);
          // float32 accumulation (OpenBLAS sdot may not use a wider accumulator): a loose relative bound.
          expect(Math.abs(total.dataSync()[0] - expected)).toBeLessThanOrEqual(2e-5 * Math.max(1, expected));
          tf.dispose([x, total]);
        }
        // On wasm-blas the sum is one cblas_sdot per call.
        if (spy) expect(spy.counts.sdot).toBe(4);
      } finally {
        spy?.restore();
      }
    });
  }
  // Only float32 values go to cblas_sdot; other dtypes are summed in JS.
  (unavailable ? it.skip : it)('sumOfSquares of an int32 tensor on wasm-blas equals the other backends (14)', async () => {
    await initBackend('wasm-blas');
    const x = tf.tensor1d([1, 2, 3], 'int32');
    const total = sumOfSquares(x);
    const value = total.dataSync()[0];
    tf.dispose([x, total]);
    expect(value).toBe(14);
  });
});

describe('the Adam class', () => {
  const settings: AdamSettings = { beta1: 0.9, beta2: 0.98, epsilon: 1e-9, weightDecay: 0.01, clipNorm: 1 };
  const learningRates = [1e-2, 5e-3, 2e-2];
  const shapes: Record<string, number[]> = { weight: [3, 4], bias: [4] };

  /** Three Adam steps on fresh variables; returns each variable's values, the moments and the norms. */
  function threeSteps() {
    const variables = new Map(Object.entries(shapes).map(([name, shape], i) => [name, tf.variable(tf.tensor(randomValues(shape.reduce((a, b) => a * b), 20 + i), shape))]));
    const adam = new Adam(settings, variables);
    const norms: number[] = [];
    const before = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) {
      // Gradient norm ~3 at step 0 (clipped to 1), smaller afterwards (not clipped).
      const gradients: tf.NamedTensorMap = {};
      [...variables.values()].forEach((variable, i) => {
        gradients[variable.name] = tf.tensor(randomValues(variable.size, 100 * step + i).map((x) => (step === 0 ? 1.5 : 0.1) * x), variable.shape);
      });
      const norm = adam.apply(gradients, learningRates[step]);
      norms.push(norm.dataSync()[0]);
      tf.dispose([norm, ...Object.values(gradients)]);
      expect(tf.memory().numTensors).toBe(before);
    }
    const read = (map: Map<string, tf.Variable>) => Object.fromEntries([...map].map(([name, v]) => [name, Array.from(v.dataSync())]));
    const result = { variables: read(variables), m: read(adam.firstMoments), v: read(adam.secondMoments), norms, step: adam.step };
    adam.dispose();
    variables.forEach((v) => v.dispose());
    return result;
  }

  /** The same three steps in float64 from the inputs above. */
  function referenceThreeSteps() {
    const state = Object.fromEntries(
      Object.entries(shapes).map(([name, shape], i) => {
        const p = randomValues(shape.reduce((a, b) => a * b), 20 + i).map(Math.fround);
        return [name, { p, m: p.map(() => 0), v: p.map(() => 0), rank: shape.length }];
      }),
    );
    const norms: number[] = [];
    for (let step = 0; step < 3; step++) {
      const grads = Object.fromEntries(Object.keys(shapes).map((name, i) => [name, randomValues(state[name].p.length, 100 * step + i).map((x) => Math.fround((step === 0 ? 1.5 : 0.1) * x))]));
      const norm = Math.sqrt(Object.values(grads).flat().reduce((s, g) => s + g * g, 0));
      norms.push(norm);
      const gradientScale = Math.min(1, settings.clipNorm / (norm + 1e-6));
      for (const [name, s] of Object.entries(state)) {
        const attrs: AdamStepAttrs = {
          ...settings,
          learningRate: learningRates[step],
          correction1: 1 - settings.beta1 ** (step + 1),
          correction2: 1 - settings.beta2 ** (step + 1),
          weightDecay: s.rank > 1 ? settings.weightDecay : 0,
          gradientScale,
        };
        for (let i = 0; i < s.p.length; i++) [s.p[i], s.m[i], s.v[i]] = referenceStep(s.p[i], grads[name][i], s.m[i], s.v[i], attrs);
      }
    }
    return { state, norms };
  }

  const maxDiff = (a: Record<string, number[]>, b: Record<string, number[]>) =>
    Math.max(...Object.keys(a).flatMap((name) => a[name].map((x, i) => Math.abs(x - b[name][i]))));

  it('on wasm the fused path gives the same variables and moments as the composed path (after 3 steps)', async () => {
    await initBackend('wasm');
    expect(hasFusedAdam()).toBe(true);
    const fused = threeSteps();
    tf.unregisterKernel(ADAM_UPDATE, 'wasm');
    let composed!: ReturnType<typeof threeSteps>;
    try {
      expect(hasFusedAdam()).toBe(false);
      composed = threeSteps();
    } finally {
      registerAdamKernels();
    }
    expect(hasFusedAdam()).toBe(true);
    expect(fused.step).toBe(3);
    expect(maxDiff(fused.variables, composed.variables)).toBeLessThan(1e-6);
    expect(maxDiff(fused.m, composed.m)).toBeLessThan(1e-6);
    expect(maxDiff(fused.v, composed.v)).toBeLessThan(1e-6);
    fused.norms.forEach((n, i) => expect(n).toBeCloseTo(composed.norms[i], 5));
    // The variables did move (and by more than the tolerance above).
    const initial = { weight: randomValues(12, 20), bias: randomValues(4, 21) };
    expect(maxDiff(fused.variables, initial)).toBeGreaterThan(1e-3);
  });

  for (const backend of BACKENDS) {
    it(`on ${backend} matches a float64 reference of 3 AdamW steps with clipping (decay on matrices only)`, async () => {
      await initBackend(backend);
      const got = threeSteps();
      const { state, norms } = referenceThreeSteps();
      expect(norms[0]).toBeGreaterThan(settings.clipNorm); // the first step is clipped
      expect(norms[1]).toBeLessThan(settings.clipNorm);
      got.norms.forEach((n, i) => expect(n).toBeCloseTo(norms[i], 5));
      for (const name of Object.keys(shapes)) {
        got.variables[name].forEach((x, i) => expect(Math.abs(x - state[name].p[i])).toBeLessThan(1e-6));
        got.m[name].forEach((x, i) => expect(Math.abs(x - state[name].m[i])).toBeLessThan(1e-6));
        got.v[name].forEach((x, i) => expect(Math.abs(x - state[name].v[i])).toBeLessThan(1e-7));
      }
    });
  }
});
