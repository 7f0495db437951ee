import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend';
import { beamSearch } from '../../src/ml/decode/beam-search';
import { greedyDecode, greedyDecodeUncached } from '../../src/ml/decode/greedy';
import { sampleDecode, sampleToken } from '../../src/ml/decode/sampling';
import { decode, decodeSteps, scoreTokens } from '../../src/ml/decode/decode';
import type { DecodeEvent } from '../../src/ml/decode/decode-options';
import { SeededRandom } from '../../src/shared/random/seeded-random';
import { EOS_ID } from '../../src/shared/tokenizer/vocab';
import { sourceBatch, tinyModel } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('decoding', () => {
  it('cached greedy decoding gives the same tokens as re-running the whole prefix', () => {
    for (const seed of [11, 12, 13]) {
      const model = tinyModel(seed, { model: { encoderLayers: 2, decoderLayers: 2, maxTargetLength: 20 } });
      const source = sourceBatch([[5, 6, 7, 8, EOS_ID], [9, 10, EOS_ID]]);
      const cached = greedyDecode(model, source, 12).map((s) => s.ids);
      const uncached = greedyDecodeUncached(model, source, 12);
      expect(cached).toEqual(uncached);
      expect(cached.some((ids) => ids.length > 0)).toBe(true);
      source.dispose();
      model.dispose();
    }
  });

  it('beam search with width 1 equals greedy decoding', () => {
    const model = tinyModel(21, { model: { maxTargetLength: 16 } });
    const source = sourceBatch([[4, 5, 6, EOS_ID]]);
    const greedy = greedyDecode(model, source)[0];
    const beam = beamSearch(model, source, 1)[0];
    expect(beam.ids).toEqual(greedy.ids);
    expect(beam.logProb).toBeCloseTo(greedy.logProb, 4);
    source.dispose();
    model.dispose();
  });

  it('beam search returns distinct candidates sorted by length-normalised score, at least as likely as greedy', () => {
    const model = tinyModel(22, { model: { maxTargetLength: 10 } });
    const source = sourceBatch([[4, 5, 6, EOS_ID]]);
    const candidates = beamSearch(model, source, 4, 0);
    expect(candidates.length).toBeGreaterThan(1);
    expect(new Set(candidates.map((c) => c.ids.join(','))).size).toBe(candidates.length);
    for (let i = 1; i < candidates.length; i++) expect(candidates[i - 1].logProb).toBeGreaterThanOrEqual(candidates[i].logProb - 1e-6);
    const greedy = greedyDecode(model, source)[0];
    if (greedy.finished && candidates[0].finished) expect(candidates[0].logProb).toBeGreaterThanOrEqual(greedy.logProb - 1e-4);
    source.dispose();
    model.dispose();
  });

  it('sampling is reproducible for a seed and respects top-k', () => {
    const model = tinyModel(23, { model: { maxTargetLength: 12 } });
    const source = sourceBatch([[4, 5, 6, EOS_ID], [7, 8, EOS_ID]]);
    const settings = { temperature: 1.5, topK: 0, topP: 1, seed: 99 };
    const a = sampleDecode(model, source, settings).map((s) => s.ids);
    const b = sampleDecode(model, source, settings).map((s) => s.ids);
    expect(a).toEqual(b);
    const row = Float32Array.from([-3, -0.1, -2, -5, -1]);
    const rng = new SeededRandom(1);
    const picks = new Set(Array.from({ length: 200 }, () => sampleToken(row, { temperature: 1, topK: 2, topP: 1, seed: 0 }, rng)));
    expect([...picks].sort()).toEqual([1, 4]);
    const nucleus = new Set(Array.from({ length: 200 }, () => sampleToken(row, { temperature: 1, topK: 0, topP: 0.5, seed: 0 }, rng)));
    expect([...nucleus]).toEqual([1]);
    source.dispose();
    model.dispose();
  });

  it('leaves no tensors behind after greedy, beam and sampled generation', () => {
    const model = tinyModel(24, { model: { maxTargetLength: 10 } });
    const source = sourceBatch([[4, 5, 6, EOS_ID]]);
    greedyDecode(model, source);
    const before = tf.memory().numTensors;
    greedyDecode(model, source);
    beamSearch(model, source, 3);
    sampleDecode(model, source, { temperature: 1, topK: 5, topP: 0.9, seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    source.dispose();
    model.dispose();
  });

  it('sampling with top-k 1 is greedy decoding, whatever the temperature and seed', () => {
    const model = tinyModel(25, { model: { maxTargetLength: 14 } });
    const source = sourceBatch([[4, 5, 6, 7, EOS_ID]]);
    const greedy = decode(model, source, { strategy: 'greedy' })[0];
    for (const seed of [1, 2, 3]) {
      const sampled = decode(model, source, { strategy: 'sample', temperature: 1.7, topK: 1, topP: 1, seed })[0];
      expect(sampled.ids).toEqual(greedy.ids);
    }
    source.dispose();
    model.dispose();
  });

  it('forcing a token continues exactly as decoding (without the cache) from a prefix ending with it', () => {
    const model = tinyModel(26, { model: { maxTargetLength: 16 } });
    const source = sourceBatch([[4, 5, 6, 7, EOS_ID]]);
    const first = decode(model, source, { strategy: 'greedy' }, { alternatives: 4 })[0];
    expect(first.ids.length).toBeGreaterThan(2);
    let checked = 0;
    for (const position of [0, 1, 2]) {
      // The second most likely token at this position: a branch the model did not take.
      const alternative = first.steps![position].alternatives.find((a) => a.id !== first.ids[position] && a.id !== EOS_ID)!;
      const prefix = [...first.ids.slice(0, position), alternative.id];
      const forced = decode(model, source, { strategy: 'greedy' }, { prefix, alternatives: 4 })[0];
      const reference = greedyDecodeUncached(model, source, 16, prefix)[0];
      expect(forced.ids).toEqual(reference);
      expect(forced.ids.slice(0, prefix.length)).toEqual(prefix);
      expect(forced.steps![position].forced).toBe(true);
      expect(forced.steps![position].logProb).toBeCloseTo(alternative.logProb, 4);
      // Beam width 1 from the same prefix is the same branch.
      expect(decode(model, source, { strategy: 'beam', beamWidth: 1, lengthPenalty: 0.6 }, { prefix })[0].ids).toEqual(reference);
      checked++;
    }
    expect(checked).toBe(3);
    source.dispose();
    model.dispose();
  });

  it('streams one event per token, reports alternatives best first, and scores agree with a re-read', () => {
    const model = tinyModel(27, { model: { maxTargetLength: 12 } });
    const source = sourceBatch([[4, 5, 6, EOS_ID]]);
    const events: DecodeEvent[] = [];
    const steps = decodeSteps(model, source, { strategy: 'greedy' }, { alternatives: 3 });
    let next = steps.next();
    while (!next.done) {
      events.push(next.value);
      next = steps.next();
    }
    const [result] = next.value;
    const tokens = events.filter((e) => e.type === 'token');
    expect(tokens.map((e) => e.token.id).filter((id) => id !== EOS_ID)).toEqual(result.ids);
    for (const e of tokens) {
      expect(e.token.alternatives).toHaveLength(3);
      expect(e.token.alternatives[0].id).toBe(e.token.id); // greedy takes the best
      expect(e.token.alternatives[0].logProb).toBeGreaterThanOrEqual(e.token.alternatives[1].logProb);
    }
    const reread = scoreTokens(model, source, result.ids, 3);
    reread.forEach((step, i) => expect(step.logProb).toBeCloseTo(result.steps![i].logProb, 4));
    const beamEvents = [...decodeSteps(model, source, { strategy: 'beam', beamWidth: 3, lengthPenalty: 0.6 })];
    expect(beamEvents.length).toBeGreaterThan(0);
    expect(beamEvents.every((e) => e.type === 'beams' && e.beams.length <= 3)).toBe(true);
    source.dispose();
    model.dispose();
  });

  it('a decoder stopped early (a cancelled generation) leaves no tensors behind', () => {
    const model = tinyModel(28, { model: { maxTargetLength: 12 } });
    const source = sourceBatch([[4, 5, 6, EOS_ID]]);
    decode(model, source, { strategy: 'greedy' });
    const before = tf.memory().numTensors;
    for (const options of [{ strategy: 'greedy' as const }, { strategy: 'beam' as const, beamWidth: 3, lengthPenalty: 0.6 }]) {
      const steps = decodeSteps(model, source, options, { alternatives: 2, forceLength: true });
      steps.next();
      steps.next();
      steps.return([]);
    }
    expect(tf.memory().numTensors).toBe(before);
    source.dispose();
    model.dispose();
  });
});
