// The benchmark's measuring code runs and reports sane numbers (speed targets live in
// `npm run bench`, not in tests).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/ml/backend';
import { benchEngine } from '../../src/ml/bench/bench-engine';
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
});
