// The benchmark's measuring code runs and reports sane numbers (speed targets live in
// `npm run bench`, not in tests).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/ml/backend';
import { benchEngine } from '../../src/ml/bench/bench-engine';
import { soakEngine } from '../../src/ml/bench/soak-engine';
import { tinyConfig } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('benchEngine', () => {
  it('measures training and decoding on a tiny shape and leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const result = benchEngine(tinyConfig(), { sourceVocab: 50, targetVocab: 60, batch: 4, sourceLength: 6, targetLength: 8, decodeLength: 8 }, { warmup: 1, steps: 2, decodeRuns: 1 });
    for (const key of ['trainMsPerStep', 'trainTargetTokensPerSecond', 'greedyMsPerToken', 'beam4MsPerToken', 'peakRssMb'] as const) {
      expect(result[key]).toBeGreaterThan(0);
      expect(Number.isFinite(result[key])).toBe(true);
    }
    expect(result.trainTargetTokensPerSecond).toBeCloseTo((4 * 8) / (result.trainMsPerStep / 1000), 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('soak: trains for a few seconds, sampling after every step, with a flat tensor count', () => {
    const before = tf.memory().numTensors;
    const samples: number[] = [];
    const result = soakEngine(tinyConfig(), { sourceVocab: 50, targetVocab: 60, batch: 4, sourceLength: 6, targetLength: 8, decodeLength: 8 }, 0.05, 2, (s) => samples.push(s.tensors));
    expect(result.steps).toBeGreaterThan(3);
    expect(samples.length).toBe(result.steps - 2 + 1); // the first sample is taken after warm-up
    expect(new Set(samples).size).toBe(1);
    expect(result.last.tensors).toBe(result.first.tensors); // RSS is judged over minutes, not in a unit test
    expect(result.last.elapsedS).toBeGreaterThanOrEqual(3);
    expect(tf.memory().numTensors).toBe(before);
  });
});
