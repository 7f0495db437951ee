// The attention maps the inspector draws, from a real trained run: shapes, rows that sum to 1,
// nothing on padding or future positions, equality with the training forward pass, and views.
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect, readAttention, targetIdsFor, viewOf } from '../../src/jobs/attention';
import { openRun, type OpenedRun } from '../../src/jobs/open-run';
import { trainRun } from '../../src/jobs/train-run';
import { at, type Matrix } from '../../src/shared/attention/matrix';
import { BOS_ID } from '../../src/shared/tokenizer/vocab';
import { simplePairs, writeJsonlPairs } from './synthetic-pairs';

let workDir: string;
let run: OpenedRun;
const PROMPT = 'add 3 to x';
const CODE = 'x = x + 3';

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-attention-'));
  const dataPath = join(workDir, 'pairs.jsonl');
  await writeJsonlPairs(dataPath, simplePairs(90));
  await trainRun({ runDir: join(workDir, 'run'), data: { path: dataPath }, preset: 'tiny', overrides: { maxSteps: 4, evalEvery: 4, evalSamples: 4, model: { encoderLayers: 2, decoderLayers: 2 } } });
  run = await openRun(join(workDir, 'run'));
});
afterAll(async () => {
  run?.dispose();
  await rm(workDir, { recursive: true, force: true });
});

const rowSums = (m: Matrix) => Array.from({ length: m.rows }, (_, r) => m.values.slice(r * m.cols, (r + 1) * m.cols).reduce((a, b) => a + b, 0));

describe('attention maps', () => {
  it('has every layer and head with the right shapes, rows summing to 1, and the causal mask in decoder self-attention', () => {
    const ids = targetIdsFor(run, PROMPT, { code: CODE });
    const set = readAttention(run, PROMPT, ids);
    const S = set.sourceIds.length;
    const T = ids.ids.length + 1;
    expect(set.layers).toBe(2);
    expect(set.heads).toBe(run.model.shape.numHeads);
    for (const kind of ['encoder', 'decoder', 'cross'] as const) {
      expect(set[kind]).toHaveLength(2);
      for (const heads of set[kind]) {
        expect(heads).toHaveLength(set.heads);
        for (const m of heads) {
          expect([m.rows, m.cols]).toEqual(kind === 'encoder' ? [S, S] : kind === 'decoder' ? [T, T] : [T, S]);
          for (const sum of rowSums(m)) expect(sum).toBeCloseTo(1, 4);
        }
      }
    }
    for (const m of set.decoder.flat()) for (let r = 0; r < T; r++) for (let c = r + 1; c < T; c++) expect(at(m, r, c)).toBeLessThan(1e-6);
  });

  it('equals the maps of the training forward pass, and a padded source position gets ~0 attention', () => {
    const ids = targetIdsFor(run, PROMPT, { code: CODE });
    const set = readAttention(run, PROMPT, ids);
    const source = [...set.sourceIds, 0, 0]; // two PAD positions, as in a batch
    const expected = tf.tidy(() => {
      const { attention } = run.model.forward(tf.tensor2d(source, [1, source.length], 'int32'), tf.tensor2d([BOS_ID, ...ids.ids], [1, ids.ids.length + 1], 'int32'), { returnAttention: true });
      return attention!.cross.map((a) => a.arraySync()[0]);
    });
    expected.forEach((heads, layer) => heads.forEach((rows, head) => rows.forEach((row, r) => {
      row.slice(0, set.sourceIds.length).forEach((v, c) => expect(at(set.cross[layer][head], r, c)).toBeCloseTo(v, 5));
      expect(row[source.length - 1]).toBeLessThan(1e-6); // padding is masked
    })));
  });

  it('builds the view asked for: a head, the head mean, the rollout; tokens carry their character ranges', () => {
    const ids = targetIdsFor(run, PROMPT, { code: CODE });
    const set = readAttention(run, PROMPT, ids);
    for (const head of [0, 'mean', 'rollout'] as const) {
      for (const kind of ['encoder', 'decoder', 'cross'] as const) {
        const m = viewOf(set, { kind, layer: 1, head });
        for (const sum of rowSums(m)) expect(sum).toBeCloseTo(1, 4);
      }
    }
    expect(() => viewOf(set, { kind: 'cross', layer: 5, head: 0 })).toThrow(/there is no layer 6/);
    const result = inspect(run, set, PROMPT, { kind: 'cross', layer: 0, head: 'mean' }, performance.now());
    expect(result.source.map((t) => t.text)).toEqual(['add', '3', 'to', 'x', '<eos>']);
    expect(result.source.slice(0, 4).map((t) => PROMPT.slice(t.range!.from, t.range!.to))).toEqual(['add', '3', 'to', 'x']);
    expect(result.targetOutputs.at(-1)!.text).toBe('<eos>');
    expect(result.targetInputs[0].text).toBe('<bos>');
    for (const t of result.targetOutputs.slice(0, -1)) if (t.range) expect(result.code.slice(t.range.from, t.range.to)).toBe(t.text);
    expect(result.overview).toHaveLength(2);
    expect(result.map.rows).toBe(ids.ids.length + 1);
    expect(() => targetIdsFor(run, PROMPT, { ids: [99_999_999] })).toThrow(/not one this run writes for this prompt/);
  });

  it('reads code that fills or overflows the model length: no <eos> row, cut to the first tokens, and says so', () => {
    const limit = run.model.shape.maxTargetLength;
    const one = targetIdsFor(run, PROMPT, { code: CODE }).ids[0];
    const full = readAttention(run, PROMPT, { ids: Array(limit).fill(one), notes: [] }); // a generation that never wrote <eos>
    expect(full.endsWithEos).toBe(false);
    expect([full.cross[0][0].rows, full.decoder[0][0].cols]).toEqual([limit, limit]);
    const shown = inspect(run, full, PROMPT, { kind: 'decoder', layer: 0, head: 0 }, performance.now());
    expect(shown.targetOutputs).toHaveLength(limit);
    expect(shown.targetInputs).toHaveLength(limit);
    expect(shown.targetOutputs.at(-1)!.text).not.toBe('<eos>');
    expect(shown.notes[0]).toMatch(/no <eos> follows/);
    const over = readAttention(run, PROMPT, { ids: Array(limit + 5).fill(one), notes: [] });
    expect(over.targetIds).toHaveLength(limit);
    expect(inspect(run, over, PROMPT, { kind: 'cross', layer: 0, head: 'mean' }, performance.now()).notes[0]).toBe(`The code is ${limit + 5} tokens long; the model reads the first ${limit}, shown here.`);
  });

  it('reads code that is not valid Python as far as the tokenizer recovers, and says why', () => {
    const target = targetIdsFor(run, PROMPT, { code: 'print({x + 3' });
    expect(target.ids.length).toBeGreaterThan(3);
    expect(target.notes[0]).toMatch(/does not tokenize as Python \('\(' was never closed \(line 1, column 6\)\)/);
    const set = readAttention(run, PROMPT, target);
    expect(inspect(run, set, PROMPT, { kind: 'cross', layer: 0, head: 0 }, performance.now()).notes).toEqual(target.notes);
  });
});
