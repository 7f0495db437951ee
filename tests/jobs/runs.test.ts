// The run-level engine on a dataset the test writes: prepareData's accounting and its codec from
// the training split only, a resume refused when the data file changed, and an opened run used
// for evaluation and generation (scores in range, no tensors left behind, clear errors).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePairs } from '../../src/jobs/evaluate-run';
import { generateCode } from '../../src/jobs/generate';
import { openRun, type OpenedRun } from '../../src/jobs/open-run';
import { prepareData } from '../../src/jobs/prepare-data';
import { trainRun } from '../../src/jobs/train-run';
import { resolveTrainConfig } from '../../src/shared/config/presets';
import { tokenizeEnglish } from '../../src/shared/tokenizer/english-tokenizer';
import { simplePairs, toJsonLines, writeJsonlPairs } from './synthetic-pairs';

const PAIRS = simplePairs(90);
let workDir: string;
let dataPath: string;
let runDir: string;
let run: OpenedRun;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-runs-'));
  dataPath = join(workDir, 'pairs.jsonl');
  runDir = join(workDir, 'run');
  await writeJsonlPairs(dataPath, PAIRS);
  await trainRun({ runDir, data: { path: dataPath }, preset: 'tiny', overrides: { maxSteps: 4, evalEvery: 4, evalSamples: 4 } });
  run = await openRun(runDir);
});
afterAll(async () => {
  run?.dispose();
  await rm(workDir, { recursive: true, force: true });
});

describe('prepareData', () => {
  const config = resolveTrainConfig('tiny', { model: { maxTargetLength: 12 } });

  it('accounts for every pair and builds the codec from the training split only', async () => {
    const prepared = await prepareData({ path: dataPath, clean: false }, config);
    const { info, split } = prepared;
    expect(info.pairs).toBe(PAIRS.length);
    expect(split.train.length + split.validation.length + split.test.length).toBe(PAIRS.length);
    // The `for … print('hello')` one-liners are longer than 11 tokens: skipped, with a reason.
    expect(prepared.skipped.length).toBeGreaterThan(0);
    for (const s of prepared.skipped) expect(s.reason).toMatch(/limit is 11/);
    expect(info.train + info.validation + info.skipped).toBe(split.train.length + split.validation.length);
    expect(info.test).toBe(split.test.length);

    const trainWords = new Set(split.train.flatMap((p) => tokenizeEnglish(p.description)));
    const heldOutOnly = [...split.validation, ...split.test].flatMap((p) => tokenizeEnglish(p.description)).filter((w) => !trainWords.has(w));
    for (const w of heldOutOnly) expect(prepared.codec.source.has(w)).toBe(false);
    for (const w of trainWords) expect(prepared.codec.source.has(w)).toBe(true);
    // Validation examples carry their text for the decoded samples shown during training.
    const held = new Map(split.validation.map((p) => [p.description, p.code]));
    expect(prepared.validation).toHaveLength(info.validation);
    for (const v of prepared.validation) expect(held.get(v.description)).toBe(v.reference);
  });

  it('gives the same fingerprint for the same file and a different one when the pairs change', async () => {
    const a = await prepareData({ path: dataPath, clean: false }, config);
    const b = await prepareData({ path: dataPath, clean: false }, config);
    expect(b.info.fingerprint).toBe(a.info.fingerprint);
    const other = join(workDir, 'other.jsonl');
    await writeFile(other, toJsonLines([...PAIRS.slice(0, -1), { description: 'print the zebra', code: 'print(zebra)' }]));
    expect((await prepareData({ path: other, clean: false }, config)).info.fingerprint).not.toBe(a.info.fingerprint);
  });

  it('adds the pairs of more files to training only, leaving out repeats and leaks into the held-out splits', async () => {
    const base = await prepareData({ path: dataPath, clean: false }, config);
    const heldOut = base.split.validation[0];
    const extraPath = join(workDir, 'extra.jsonl');
    await writeFile(extraPath, toJsonLines([
      { description: base.split.train[0].description, code: base.split.train[0].code }, // a repeat
      { description: heldOut.description, code: 'print("another answer")' }, // leaks by description
      { description: 'say something new entirely', code: heldOut.code }, // leaks by code
      { description: 'print the zebra', code: 'print(zebra)' },
      { description: 'print the zebra', code: 'print(zebra)' }, // a repeat within the file
    ]));
    const more = await prepareData({ path: dataPath, clean: false, extraTraining: [{ path: extraPath }] }, config);
    expect(more.info.extraTraining).toEqual([{ path: extraPath, pairs: 5, added: 1, duplicates: 2, leaks: 2 }]);
    expect(more.split.validation).toEqual(base.split.validation);
    expect(more.split.test).toEqual(base.split.test);
    expect(more.split.train.at(-1)).toMatchObject({ description: 'print the zebra', code: 'print(zebra)' });
    expect(more.split.train).toHaveLength(base.split.train.length + 1);
    expect(more.codec.source.has('zebra')).toBe(true);
    expect(more.info.fingerprint).not.toBe(base.info.fingerprint);
  });

  it('refuses a file without usable pairs, naming it', async () => {
    const empty = join(workDir, 'empty.jsonl');
    await writeFile(empty, '{"text": "no description or code here"}\n');
    await expect(prepareData({ path: empty, clean: false }, config)).rejects.toThrow(/empty\.jsonl: no English→Python pairs found in 1 record read as jsonl — line 1: no description field/);
  });
});

describe('a trained run', () => {
  it('refuses to resume when its data file has changed', async () => {
    const changedRun = join(workDir, 'changed-run');
    const changedData = join(workDir, 'changing.jsonl');
    await writeJsonlPairs(changedData, PAIRS.slice(0, 60));
    await trainRun({ runDir: changedRun, data: { path: changedData }, preset: 'tiny', overrides: { maxSteps: 1, evalSamples: 2 } });
    await writeJsonlPairs(changedData, PAIRS.slice(0, 59));
    await expect(trainRun({ runDir: changedRun, resume: true, overrides: { maxSteps: 2 } })).rejects.toThrow(/changing\.jsonl has changed since this run started/);
  });

  it('evaluates pairs greedily and with beam search: one example per pair, scores in range', () => {
    const pairs = PAIRS.slice(0, 10).map((p, i) => ({ id: `p${i}`, ...p, source: { file: 'pairs.jsonl', line: i + 1 } }));
    for (const options of [{ strategy: 'greedy' as const }, { strategy: 'beam' as const, beamWidth: 2, lengthPenalty: 0.6, maxLength: 12 }]) {
      const before = tf.memory().numTensors;
      const progress: number[] = [];
      const result = evaluatePairs(run, pairs, options, (code) => code.length > 0, (done) => progress.push(done));
      expect(tf.memory().numTensors).toBe(before);
      expect(result.n).toBe(10);
      expect(result.examples).toHaveLength(10);
      expect(result.examples.map((e) => e.reference)).toEqual(pairs.map((p) => p.code));
      expect(result.bleu).toBeGreaterThanOrEqual(0);
      expect(result.bleu).toBeLessThanOrEqual(100);
      expect(result.exact_match).toBeGreaterThanOrEqual(0);
      expect(result.syntax_valid).not.toBeNull();
      expect(progress.at(-1)).toBe(10);
    }
  });

  it('generates candidates without leaving tensors behind, and refuses an empty prompt', async () => {
    const before = tf.memory().numTensors;
    const generation = await generateCode(run, { prompt: 'add 3 to x', settings: { strategy: 'beam', beamWidth: 3, lengthPenalty: 0.6 } });
    expect(tf.memory().numTensors).toBe(before);
    expect(generation.sourceTokens).toEqual(['add', '3', 'to', 'x', '<eos>']);
    expect(generation.candidates.length).toBeGreaterThanOrEqual(1);
    expect(generation.candidates.length).toBeLessThanOrEqual(3);
    for (const c of generation.candidates) expect(c.tokens.length).toBeLessThanOrEqual(run.codec.options.maxTargetLength);
    for (const c of generation.candidates) {
      expect(c.code).toBe(run.codec.decodeTarget(c.tokens.map((t) => t.id)));
      for (const t of c.tokens) expect(t.probability).toBeGreaterThan(0);
    }
    await expect(generateCode(run, { prompt: '   ', settings: { strategy: 'greedy' } })).rejects.toThrow(/prompt is empty/);
  });

  it('streams tokens as they are decoded and stops within one token when asked', async () => {
    const events: string[] = [];
    const full = await generateCode(run, { prompt: 'add 3 to x', settings: { strategy: 'greedy', maxLength: 12 } }, { onEvent: (e) => events.push(e.type) });
    expect(events[0]).toBe('started');
    expect(events.filter((e) => e === 'token').length).toBe(full.timing.tokens);
    let seen = 0;
    const stopped = await generateCode(run, { prompt: 'add 3 to x', settings: { strategy: 'greedy', maxLength: 12 } }, {
      onEvent: (e) => { if (e.type === 'token') seen++; },
      shouldStop: () => seen >= 2,
    });
    expect(stopped.cancelled).toBe(true);
    expect(seen).toBe(2);
    expect(stopped.candidates[0].tokens.length).toBeLessThanOrEqual(2);
  });
});

describe('trainRun where the run folder cannot be written', () => {
  it('fails at once, in words, before preparing any data', async () => {
    await writeFile(join(workDir, 'a-file'), 'x');
    const started = performance.now();
    await expect(trainRun({ runDir: join(workDir, 'a-file', 'run'), data: { path: dataPath }, preset: 'tiny' }))
      .rejects.toThrow(/The run folder .*a-file\/run cannot be written: a file stands where a folder should be/);
    await expect(trainRun({ runDir: '/proc/code-studio-test/run', data: { path: dataPath }, preset: 'tiny' }))
      .rejects.toThrow(/cannot be written: \/proc does not accept new files/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('trainRun given a resolved config', () => {
  it('trains exactly that config, and refuses one that does not validate (it crossed a process boundary)', async () => {
    const config = resolveTrainConfig('tiny', { maxSteps: 3, evalEvery: 3, evalSamples: 2, model: { dModel: 32, numHeads: 2 } });
    const result = await trainRun({ runDir: join(workDir, 'given-config'), data: { path: dataPath }, preset: 'tiny', config });
    expect(result.manifest.config).toEqual(config);
    expect(result.manifest.summary.steps).toBe(3);
    const broken = { ...config, batchSize: -1 };
    await expect(trainRun({ runDir: join(workDir, 'broken-config'), data: { path: dataPath }, preset: 'tiny', config: broken })).rejects.toThrow();
  });
});
