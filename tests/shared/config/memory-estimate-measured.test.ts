// The memory estimate against the real thing: one Trainer step on the wasm backend, with every
// tensor the backend allocates counted while it is alive. What the step allocates at its peak
// (activations, their gradients, the weights' gradients) must match the estimate within a few
// percent, for shapes that move each term (layers, heads, dFF, dropout, norm, tying, positions,
// vocabulary, batches shorter than the maxima).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/ml/backend';
import { makeModel } from '../../../src/ml/model/encoder-decoder';
import { Trainer } from '../../../src/ml/train/trainer';
import { estimateTrainingMemory, type BatchLengths, type VocabularySizes } from '../../../src/shared/config/memory-estimate';
import { resolveTrainConfig } from '../../../src/shared/config/presets';
import type { TrainConfigOverrides } from '../../../src/shared/config/train-config';
import { SeededRandom } from '../../../src/shared/random/seeded-random';
import { BOS_ID, EOS_ID } from '../../../src/shared/tokenizer/vocab';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The methods of tfjs-backend-wasm's BackendWasm through which every tensor's memory comes and goes. */
interface AllocatingBackend {
  move(dataId: object, values: unknown, shape: number[], dtype: string, refCount: number): void;
  disposeData(dataId: object, force?: boolean): boolean;
  dataIdMap: { has(dataId: object): boolean };
}

/** Largest number of bytes held at once by tensors allocated while `run` runs. */
function peakBytesDuring(run: () => void): number {
  const backend = tf.backend() as unknown as AllocatingBackend;
  const { move, disposeData } = backend;
  const sizes = new Map<object, number>();
  let live = 0;
  let peak = 0;
  backend.move = function (dataId, values, shape, dtype, refCount) {
    move.call(this, dataId, values, shape, dtype, refCount);
    const bytes = shape.reduce((a, b) => a * b, 1) * (dtype === 'bool' ? 1 : 4);
    sizes.set(dataId, bytes);
    live += bytes;
    peak = Math.max(peak, live);
  };
  backend.disposeData = function (dataId, force) {
    const released = disposeData.call(this, dataId, force);
    const bytes = sizes.get(dataId);
    if (bytes !== undefined && !this.dataIdMap.has(dataId)) {
      live -= bytes;
      sizes.delete(dataId);
    }
    return released;
  };
  try {
    run();
  } finally {
    // The originals live on the prototype: removing the instance's wrappers restores them.
    delete (backend as Partial<AllocatingBackend>).move;
    delete (backend as Partial<AllocatingBackend>).disposeData;
  }
  return peak;
}

/** Peak bytes allocated by one training step on `batchSize` pairs of exactly the given lengths. */
function measureStep(overrides: TrainConfigOverrides, vocab: VocabularySizes, lengths: BatchLengths): { measured: number; estimated: number } {
  const config = resolveTrainConfig('tiny', overrides);
  const rng = new SeededRandom(3);
  const ids = (count: number, size: number) => Array.from({ length: count }, () => 4 + rng.int(size - 4));
  const examples = Array.from({ length: config.batchSize }, () => ({
    source: Int32Array.from([...ids(lengths.sourceLength - 1, vocab.sourceVocabSize), EOS_ID]),
    // BOS + tokens + EOS: the decoder's input is one shorter, exactly targetLength positions.
    target: Int32Array.from([BOS_ID, ...ids(lengths.targetLength - 1, vocab.targetVocabSize), EOS_ID]),
  }));
  const model = makeModel({ ...config.model, ...vocab }, 1);
  const trainer = new Trainer(model, config, { train: examples, validation: [] }, { targetToCode: String });
  try {
    const measured = peakBytesDuring(() => trainer.trainStep());
    const estimate = estimateTrainingMemory(config, vocab, lengths);
    // Weights and Adam's moments exist before the step; everything else is allocated by it.
    return { measured, estimated: estimate.activationBytes + estimate.parts.gradients };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

const small = { batchSize: 6, model: { maxSourceLength: 20, maxTargetLength: 28, dModel: 48, numHeads: 2, dFF: 72, dropout: 0 } };
const full = { sourceLength: 20, targetLength: 28 };

describe('estimateTrainingMemory against a measured training step (wasm)', () => {
  it.each([
    ['tiny shape, no dropout', small, { sourceVocabSize: 300, targetVocabSize: 300 }, full],
    ['dropout, post-norm, untied, learned positions, 2+2 layers, 4 heads', { ...small, model: { ...small.model, dropout: 0.1, norm: 'post' as const, tieWeights: false, positions: 'learned' as const, encoderLayers: 2, decoderLayers: 2, numHeads: 4 } }, { sourceVocabSize: 250, targetVocabSize: 400 }, full],
    ['pre-norm with dropout, 2+3 layers, wider feed-forward', { batchSize: 8, model: { ...small.model, dropout: 0.2, dFF: 160, encoderLayers: 2, decoderLayers: 3 } }, { sourceVocabSize: 200, targetVocabSize: 200 }, full],
    ['a large target vocabulary (logits dominate)', small, { sourceVocabSize: 100, targetVocabSize: 4000 }, full],
    ['batches shorter than the maxima', small, { sourceVocabSize: 300, targetVocabSize: 300 }, { sourceLength: 9, targetLength: 13 }],
  ])('%s', (_name, overrides, vocab, lengths) => {
    const { measured, estimated } = measureStep(overrides, vocab, lengths);
    expect(estimated / measured).toBeGreaterThan(0.95);
    expect(estimated / measured).toBeLessThan(1.1);
  });
});
