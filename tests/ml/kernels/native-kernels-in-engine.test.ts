// The native kernels inside the engine: the backend says which kernels it uses; layer norm (with
// its gradients), dropout, Transpose, the Adam class and whole training steps give the JS
// kernels' results on wasm; and without the library (not built, or turned off) the engine falls
// back to the JS kernels, says so, and trains the same. The fallback tests always run.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/ml/backend';
import { seededDropout } from '../../../src/ml/kernels/dropout-mask';
import { fusedLayerNorm } from '../../../src/ml/kernels/layer-norm';
import { libraryCandidates } from '../../../src/ml/kernels/native/library-path';
import { loadNativeKernels } from '../../../src/ml/kernels/native/load-native-kernels';
import { nativeKernels, useNativeKernels } from '../../../src/ml/kernels/native/native-kernels';
import { Adam } from '../../../src/ml/train/adam';
import { trainSteps } from './fixtures/train-steps';
import { maxAbsDiff, randomValues, runOn, type Pref } from './helpers';

const loaded = await loadNativeKernels();
const native = typeof loaded === 'string' ? undefined : loaded;
if (!native) console.log(`NOT RUN: native kernels in the engine (native-kernels-in-engine.test.ts): the native kernels ${loaded}; the fallback tests still run`);
const itNative = native ? it : it.skip;
const BACKENDS: Pref[] = ['wasm', 'wasm-blas'];

afterEach(() => useNativeKernels(native));
afterAll(async () => {
  await initBackend('wasm');
});

/** `f` on `pref` with the native kernels, then with the JS kernels. */
async function nativeAndJs(pref: Pref, f: () => tf.Tensor | tf.Tensor[]) {
  await initBackend(pref);
  useNativeKernels(native);
  const withNative = await runOn(pref, f);
  useNativeKernels(undefined);
  const withJs = await runOn(pref, f);
  useNativeKernels(native);
  return { withNative, withJs };
}

function runChild(env: Record<string, string>, pref: Pref): Promise<{ label: string; kernels: string; losses: number[] }> {
  const script = fileURLToPath(new URL('./fixtures/train-steps.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script, pref], { env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!));
    });
  });
}

describe('the backend says which kernels it uses', () => {
  it('a built library loads (a broken build fails here rather than skipping the tests above)', () => {
    if (process.env.CODE_STUDIO_NATIVE_KERNELS === 'off' || libraryCandidates().length === 0) return;
    expect(loaded, typeof loaded === 'string' ? loaded : '').not.toBeTypeOf('string');
  });

  itNative('wasm-blas and wasm name the native kernels when they loaded', async () => {
    for (const pref of BACKENDS) {
      const info = await initBackend(pref);
      if (pref === 'wasm-blas' && info.preference !== 'wasm-blas') continue; // no BLAS here: reported by other tests
      expect(info.label).toContain(`+ ${native!.label}`);
      expect(info.kernels).toBe(native!.label);
      expect(nativeKernels()).toBe(native);
    }
  });

  it('falls back to the JS kernels, says so and trains the same when the library is missing or turned off', async () => {
    const [missing, off] = await Promise.all([
      runChild({ CODE_STUDIO_NATIVE_KERNELS: '/nonexistent/libstudio-kernels.so' }, 'wasm'),
      runChild({ CODE_STUDIO_NATIVE_KERNELS: 'off' }, 'wasm'),
    ]);
    expect(missing.label).toContain('+ JS kernels (native did not load)');
    expect(missing.kernels).toMatch(/^JS kernels: native kernels did not load \(\/nonexistent/);
    expect(off.label).toContain('+ JS kernels (native off)');
    expect(off.kernels).toContain('CODE_STUDIO_NATIVE_KERNELS=off');
    await initBackend('wasm');
    const here = trainSteps(3);
    for (const child of [missing, off]) {
      expect(child.losses.every(Number.isFinite)).toBe(true);
      // This process trains with the native kernels where they loaded: the same losses.
      child.losses.forEach((loss, i) => expect(loss).toBeCloseTo(here[i], 4));
    }
  });

  it('with no native kernels in use, the wasm kernels compute in JS', async () => {
    const f = () => {
      const x = tf.tensor2d(randomValues(6 * 10, 3), [6, 10]);
      return [fusedLayerNorm(x, tf.ones([10]), tf.zeros([10]), 1e-6)!, seededDropout(x, 0.3, 5), tf.transpose(x)];
    };
    await initBackend('wasm');
    useNativeKernels(undefined);
    const js = await runOn('wasm', f);
    const cpu = await runOn('cpu', f);
    expect(maxAbsDiff(js[0].values, cpu[0].values)).toBeLessThan(1e-6);
    expect(js[1].values).toEqual(cpu[1].values);
    expect(js[2].values).toEqual(cpu[2].values);
  });
});

describe('the native kernels through TF.js match the JS kernels', () => {
  for (const pref of BACKENDS) {
    itNative(`layer norm and its gradients on ${pref}, odd shape [3, 7, 37]`, async () => {
      const shape = [3, 7, 37];
      const f = () => {
        const x = tf.tensor(randomValues(3 * 7 * 37, 31).map((v) => 4 * v - 1), shape);
        const gain = tf.tensor1d(randomValues(37, 32).map((v) => 1 + v));
        const bias = tf.tensor1d(randomValues(37, 33));
        const dy = tf.tensor(randomValues(3 * 7 * 37, 34), shape);
        const norm = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => fusedLayerNorm(a, g, b, 1e-6)!;
        return [norm(x, gain, bias), ...tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(norm(a, g, b), dy)))([x, gain, bias])];
      };
      const { withNative, withJs } = await nativeAndJs(pref, f);
      withNative.forEach((r, i) => expect(maxAbsDiff(r.values, withJs[i].values), `output ${i}`).toBeLessThan(1e-5));
    });

    itNative(`dropout masks and Transpose (float32, int32, bool) on ${pref}, bit for bit`, async () => {
      const f = () => {
        const x = tf.tensor(randomValues(5 * 9 * 4 * 11, 41), [5, 9, 4, 11]);
        return [
          seededDropout(x, 0.2, 1234),
          seededDropout(tf.ones([1001]), 0.5, 0xfffffff0),
          tf.transpose(x, [0, 2, 1, 3]),
          tf.transpose(x, [3, 1, 2, 0]),
          tf.transpose(tf.cast(tf.mul(x, 100), 'int32'), [2, 0, 3, 1]),
          tf.transpose(tf.greater(x, 0), [1, 3, 0, 2]),
        ];
      };
      const { withNative, withJs } = await nativeAndJs(pref, f);
      withNative.forEach((r, i) => expect(r, `output ${i}`).toEqual(withJs[i]));
    });
  }

  itNative('the Adam class: three AdamW steps with clipping give the same variables and moments, bit for bit', async () => {
    const threeSteps = () => {
      const variables = new Map<string, tf.Variable>([
        ['w', tf.variable(tf.tensor2d(randomValues(37 * 41, 50), [37, 41]))],
        ['b', tf.variable(tf.tensor1d(randomValues(41, 51)))],
      ]);
      const adam = new Adam({ beta1: 0.9, beta2: 0.98, epsilon: 1e-9, weightDecay: 0.01, clipNorm: 1 }, variables);
      for (let step = 0; step < 3; step++) {
        const gradients: tf.NamedTensorMap = {};
        [...variables.values()].forEach((v, i) => (gradients[v.name] = tf.tensor(randomValues(v.size, 60 + 10 * step + i).map((g) => 2 * g), v.shape)));
        tf.dispose([adam.apply(gradients, 3e-3), ...Object.values(gradients)]);
      }
      const read = (map: Map<string, tf.Variable>) => [...map.values()].map((v) => Array.from(v.dataSync()));
      const result = [...read(variables), ...read(adam.firstMoments), ...read(adam.secondMoments)];
      adam.dispose();
      variables.forEach((v) => v.dispose());
      return result;
    };
    await initBackend('wasm-blas').catch(() => initBackend('wasm'));
    useNativeKernels(native);
    const withNative = threeSteps();
    useNativeKernels(undefined);
    const withJs = threeSteps();
    expect(withNative).toEqual(withJs);
  });

  itNative('three training steps of the tiny model with dropout give the same losses', async () => {
    await initBackend('wasm');
    useNativeKernels(native);
    const withNative = trainSteps(3);
    useNativeKernels(undefined);
    const withJs = trainSteps(3);
    withNative.forEach((loss, i) => expect(loss).toBeCloseTo(withJs[i], 5));
  });
});
