// The bench's JS-versus-native kernel comparison runs on a tiny model, reports finite figures for
// both kinds of kernels, profiles the kernels the native library replaces, and leaves the native
// kernels in use and no tensors behind. Skipped, saying so, where the library was not built.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend';
import { compareKernels } from '../../src/ml/bench/kernel-comparison';
import { loadNativeKernels } from '../../src/ml/kernels/native/load-native-kernels';
import { nativeKernels } from '../../src/ml/kernels/native/native-kernels';
import { tinyConfig } from './helpers';

const loaded = await loadNativeKernels();
if (typeof loaded === 'string') console.log(`NOT RUN: the bench's kernel comparison (kernel-comparison.test.ts): the native kernels ${loaded}`);
const itNative = typeof loaded === 'string' ? it.skip : it;

afterAll(async () => {
  await initBackend('wasm');
});

describe('compareKernels', () => {
  itNative('times alternated steps, profiles the replaced kernels and single calls, and restores the native kernels', async () => {
    await initBackend('wasm');
    const native = nativeKernels();
    expect(native).toBeDefined();
    const before = tf.memory().numTensors;
    const config = tinyConfig({ model: { dropout: 0.1 } });
    const shape = { sourceVocab: 40, targetVocab: 50, batch: 4, sourceLength: 6, targetLength: 8, decodeLength: 8 };
    const result = await compareKernels(config, shape, 1, 2);
    expect(result.steps).toBe(2);
    for (const value of [result.jsMsPerStep, result.nativeMsPerStep, result.speedup, result.bestSpeedup, result.profiledStepMs.js, result.profiledStepMs.native]) {
      expect(Number.isFinite(value) && value > 0).toBe(true);
    }
    expect(result.nativeTargetTokensPerSecond).toBeCloseTo((4 * 8) / (result.nativeMsPerStep / 1000), 6);
    const names = result.kernels.map((k) => k.kernel);
    for (const kernel of ['StudioLayerNorm', 'StudioLayerNormGrad', 'StudioAdamUpdate', 'StudioDropoutMask', 'Transpose']) expect(names).toContain(kernel);
    expect(result.calls.map((c) => c.call.split(' ')[0])).toEqual(['layer', 'layer', 'Adam,', 'dropout', 'Transpose,']);
    expect(nativeKernels()).toBe(native);
    expect(tf.memory().numTensors).toBe(before);
  });
});
