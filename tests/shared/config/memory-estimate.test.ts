// The memory estimate: its parameter count is the model's own (built with TF.js, for the presets
// and random shapes), every preset fits the wasm heap, and models that cannot fit are refused with
// a sentence that names the estimate, the limit and what to lower.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeModel } from '../../../src/ml/model/encoder-decoder';
import { configMemoryProblem, countParameters, estimateTrainingMemory, formatBytes, memoryLimitFor, WASM_HEAP_LIMIT_BYTES, worstCaseVocabulary } from '../../../src/shared/config/memory-estimate';
import { PRESET_NAMES, resolveTrainConfig } from '../../../src/shared/config/presets';
import { describeError } from '../../../src/shared/api/errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const wasm = memoryLimitFor('wasm (SIMD) + OpenBLAS matMul', 24 * 1024 ** 3);

function modelParameters(config: ReturnType<typeof resolveTrainConfig>, sourceVocabSize: number, targetVocabSize: number): number {
  const model = makeModel({ ...config.model, sourceVocabSize, targetVocabSize }, 1);
  try {
    return model.params.count();
  } finally {
    model.dispose();
  }
}

describe('countParameters', () => {
  it.each(PRESET_NAMES)('equals the built model for the %s preset', (preset) => {
    const config = resolveTrainConfig(preset);
    expect(countParameters(config.model, { sourceVocabSize: 301, targetVocabSize: 517 })).toBe(modelParameters(config, 301, 517));
  });

  it('equals the built model for random small shapes', () => {
    fc.assert(
      fc.property(
        fc.record({
          heads: fc.integer({ min: 1, max: 4 }), headDim: fc.integer({ min: 8, max: 12 }), dFF: fc.integer({ min: 8, max: 40 }),
          encoderLayers: fc.integer({ min: 1, max: 3 }), decoderLayers: fc.integer({ min: 1, max: 3 }),
          positions: fc.constantFrom('sinusoidal' as const, 'learned' as const), tieWeights: fc.boolean(), norm: fc.constantFrom('pre' as const, 'post' as const),
          source: fc.integer({ min: 5, max: 60 }), target: fc.integer({ min: 5, max: 60 }),
        }),
        (s) => {
          const config = resolveTrainConfig('tiny', { model: { dModel: s.heads * s.headDim, numHeads: s.heads, dFF: s.dFF, encoderLayers: s.encoderLayers, decoderLayers: s.decoderLayers, positions: s.positions, tieWeights: s.tieWeights, norm: s.norm } });
          expect(countParameters(config.model, { sourceVocabSize: s.source, targetVocabSize: s.target })).toBe(modelParameters(config, s.source, s.target));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('estimateTrainingMemory', () => {
  it('every preset fits the wasm heap with its largest vocabulary', () => {
    for (const preset of PRESET_NAMES) {
      const config = resolveTrainConfig(preset);
      const estimate = estimateTrainingMemory(config, worstCaseVocabulary(config));
      console.log(`${preset}: ${formatBytes(estimate.totalBytes)} (parameters ${estimate.parameterCount.toLocaleString('en')})`);
      expect(configMemoryProblem(config, worstCaseVocabulary(config), wasm)).toBeNull();
    }
  });

  it('refuses dModel 2048 with 24+24 layers under the 4 GiB heap, naming the estimate, the limit and what to lower', () => {
    const config = resolveTrainConfig('small', { model: { dModel: 2048, numHeads: 16, dFF: 8192, encoderLayers: 24, decoderLayers: 24 } });
    const problem = configMemoryProblem(config, worstCaseVocabulary(config), wasm);
    expect(problem).toMatch(/needs about \d+\.\d GiB to train .* but the wasm backend's 4 GiB heap allows 4\.0 GiB: lower dModel, dFF or the number of layers/);
  });

  it('refuses the seed model with the reference batch of 32 full-length pairs (about 6 GiB), which is why the preset uses 16', () => {
    const config = resolveTrainConfig('seed', { batchSize: 32 });
    expect(configMemoryProblem(config, worstCaseVocabulary(config), wasm)).toMatch(/needs about 6\.0 GiB .* lower batchSize, maxSourceLength \/ maxTargetLength or the number of layers/);
    expect(resolveTrainConfig('seed').batchSize).toBe(16);
  });

  it('breaks the total into parts that add up, and shrinks for batches shorter than the maxima', () => {
    const config = resolveTrainConfig('small');
    const vocabulary = worstCaseVocabulary(config);
    const estimate = estimateTrainingMemory(config, vocabulary);
    expect(Object.values(estimate.parts).reduce((a, b) => a + b, 0)).toBe(estimate.totalBytes);
    expect(estimate.logitBytes).toBe(estimate.parts.logits);
    expect(estimateTrainingMemory(config, vocabulary, { sourceLength: 48, targetLength: 128 })).toEqual(estimate);
    const shorter = estimateTrainingMemory(config, vocabulary, { sourceLength: 24, targetLength: 64 });
    expect(shorter.parameterBytes).toBe(estimate.parameterBytes);
    expect(shorter.activationBytes).toBeLessThan(estimate.activationBytes / 1.9);
  });

  it('refuses a huge vocabulary and batch by naming them', () => {
    const config = resolveTrainConfig('small', { batchSize: 1024, maxVocabulary: 200_000, model: { maxTargetLength: 512 } });
    expect(configMemoryProblem(config, worstCaseVocabulary(config), wasm)).toMatch(/lower batchSize, maxTargetLength or maxVocabulary/);
  });

  it('grows with every dimension (a property over random configs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 4 }), (batch, layers) => {
        const a = resolveTrainConfig('small', { batchSize: batch, model: { encoderLayers: layers, decoderLayers: layers } });
        const b = resolveTrainConfig('small', { batchSize: batch + 1, model: { encoderLayers: layers + 1, decoderLayers: layers } });
        const v = { sourceVocabSize: 1000, targetVocabSize: 1000 };
        expect(estimateTrainingMemory(b, v).totalBytes).toBeGreaterThan(estimateTrainingMemory(a, v).totalBytes);
      }),
    );
  });

  it('limits: wasm is 4 GiB (or less on a small machine); native backends get 80% of the machine', () => {
    expect(memoryLimitFor('wasm', 64 * 1024 ** 3).bytes).toBe(WASM_HEAP_LIMIT_BYTES);
    expect(memoryLimitFor('wasm', 2 * 1024 ** 3).bytes).toBe(Math.floor(0.8 * 2 * 1024 ** 3));
    expect(memoryLimitFor('tfjs-node-gpu (CUDA)', 64 * 1024 ** 3).bytes).toBe(Math.floor(0.8 * 64 * 1024 ** 3));
  });
});

describe('config bounds', () => {
  it.each([
    [{ maxVocabulary: 10_000_000 }, 'maxVocabulary: must be at most 200000'],
    [{ evalSamples: 1e9 }, 'evalSamples: must be at most 10000'],
    [{ keepCheckpoints: 1e6 }, 'keepCheckpoints: must be at most 100'],
    [{ seed: 2 ** 40 }, 'seed: must be at most 2147483647'],
    [{ maxSteps: 1e12 }, 'maxSteps: must be at most 100000000'],
    [{ adamBeta2: 1 }, 'adamBeta2: must be at most 1 (exclusive)'],
    [{ model: { encoderLayers: 25 } }, 'model.encoderLayers: must be at most 24'],
  ])('%j is refused with one sentence naming the field', (overrides, message) => {
    let thrown: unknown;
    try {
      resolveTrainConfig('small', overrides);
    } catch (error) {
      thrown = error;
    }
    expect(describeError(thrown)).toBe(`The configuration is invalid: ${message}`);
  });
});
