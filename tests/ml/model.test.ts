import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend';
import { BOS_ID, EOS_ID } from '../../src/shared/tokenizer/vocab';
import { sourceBatch, tinyModel, TOY_VOCAB } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('EncoderDecoder forward', () => {
  it('returns logits [B, T, V] and every attention map with the right shapes', () => {
    const model = tinyModel(1, { model: { encoderLayers: 2, decoderLayers: 2 } });
    const source = sourceBatch([[5, 6, 7, EOS_ID], [8, 9, EOS_ID]]);
    const target = tf.tensor2d([[BOS_ID, 5, 6], [BOS_ID, 8, 0]], [2, 3], 'int32');
    const { logits, attention } = model.forward(source, target, { returnAttention: true });
    expect(logits.shape).toEqual([2, 3, TOY_VOCAB]);
    expect(attention!.encoderSelf.map((a) => a.shape)).toEqual([[2, 2, 4, 4], [2, 2, 4, 4]]);
    expect(attention!.decoderSelf.map((a) => a.shape)).toEqual([[2, 2, 3, 3], [2, 2, 3, 3]]);
    expect(attention!.cross.map((a) => a.shape)).toEqual([[2, 2, 3, 4], [2, 2, 3, 4]]);
    tf.dispose([source, target, logits, ...Object.values(attention!).flat()]);
    model.dispose();
  });

  it('attention rows sum to 1, padding keys and future positions get ~0 weight', () => {
    const model = tinyModel(2);
    const source = sourceBatch([[5, 6, 7, EOS_ID], [8, EOS_ID]]); // row 1 has two padding positions
    const target = tf.tensor2d([[BOS_ID, 5, 6, 7], [BOS_ID, 5, 6, 7]], [2, 4], 'int32');
    const { attention, logits } = model.forward(source, target, { returnAttention: true });
    const encoder = attention!.encoderSelf[0].arraySync();
    const cross = attention!.cross[0].arraySync();
    const self = attention!.decoderSelf[0].arraySync();
    for (const maps of [encoder, cross, self]) {
      for (const row of maps.flat(2)) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    for (const head of [0, 1]) {
      for (const q of [0, 1, 2, 3]) {
        expect(cross[1][head][q][2]).toBeLessThan(1e-6);
        expect(cross[1][head][q][3]).toBeLessThan(1e-6);
        for (let k = q + 1; k < 4; k++) expect(self[0][head][q][k]).toBeLessThan(1e-6);
      }
      for (const q of [0, 1]) expect(encoder[1][head][q][2] + encoder[1][head][q][3]).toBeLessThan(1e-6);
    }
    tf.dispose([source, target, logits, ...Object.values(attention!).flat()]);
    model.dispose();
  });

  it('the causal mask hides the future: changing a later target token leaves earlier logits unchanged', () => {
    const model = tinyModel(3);
    const source = sourceBatch([[5, 6, 7, EOS_ID]]);
    const a = tf.tensor2d([[BOS_ID, 5, 6, 7, 8]], [1, 5], 'int32');
    const b = tf.tensor2d([[BOS_ID, 5, 6, 12, 13]], [1, 5], 'int32');
    const la = model.forward(source, a).logits;
    const lb = model.forward(source, b).logits;
    const early = (l: tf.Tensor3D) => tf.slice(l, [0, 0, 0], [1, 3, -1]).arraySync();
    expect(early(lb)).toEqual(early(la));
    const late = (l: tf.Tensor3D) => tf.slice(l, [0, 4, 0], [1, 1, -1]).dataSync()[0];
    expect(late(lb)).not.toBe(late(la));
    tf.dispose([source, a, b, la, lb]);
    model.dispose();
  });

  it('leaves no tensors behind after a forward pass inside tidy', () => {
    const model = tinyModel(4);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const source = sourceBatch([[5, 6, EOS_ID]]);
      model.forward(source, tf.tensor2d([[BOS_ID, 5]], [1, 2], 'int32'), { returnAttention: true });
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('ties the generator to the target embedding in the tiny preset', () => {
    const model = tinyModel(5);
    // Every parameter is counted once; the tiny preset ties the generator to the target embedding.
    expect(model.params.count()).toBeGreaterThan(10_000);
    expect(model.params.entries().some(([name]) => name === 'generator/weight')).toBe(false);
    model.dispose();
  });
});
