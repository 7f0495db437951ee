// n-best reranking end to end on a tiny run: a reverse model trained beside the main one (its
// weights in the same checkpoints), the reranker tuned on the validation split when training ends,
// and the run recommending beam search with those weights, which `eval` then uses.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePairs } from '../../src/jobs/evaluate-run';
import { generateCode } from '../../src/jobs/generate';
import { openRun } from '../../src/jobs/open-run';
import { rerankCandidates } from '../../src/jobs/rerank-candidates';
import { trainRun } from '../../src/jobs/train-run';
import { beamSearch } from '../../src/ml/decode/beam-search';
import { candidateCodeIds, reverseLogLikelihoods } from '../../src/ml/rerank/reverse-model';
import { latestCheckpoint } from '../../src/ml/train/trainer';
import { getPythonSyntaxChecker } from '../../src/services/python/syntax-check';
import * as tf from '@tensorflow/tfjs-core';
import { simplePairs, writeJsonlPairs } from './synthetic-pairs';

let workDir: string;
let runDir: string;
const events: { type: string }[] = [];
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-rerank-'));
  const dataPath = join(workDir, 'pairs.jsonl');
  await writeJsonlPairs(dataPath, simplePairs(200));
  runDir = join(workDir, 'run');
  await trainRun({
    runDir, data: { path: dataPath }, preset: 'tiny',
    overrides: { maxSteps: 200, evalEvery: 100, evalSamples: 8, reverseModel: true, tuneReranker: true, averageDecay: 0.99 },
    onEvent: (e) => events.push(e),
  });
}, 300_000);
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('reranking in a run', () => {
  it('trains the reverse model in the same checkpoints and tunes the reranker at the end', async () => {
    const checkpoint = (await latestCheckpoint(join(runDir, 'checkpoints')))!;
    const names = (JSON.parse(await readFile(join(checkpoint, 'weights.json'), 'utf8')) as { entries: { name: string }[] }).entries.map((e) => e.name);
    expect(names.some((n) => n.startsWith('reverse/'))).toBe(true);
    expect(names.some((n) => n.startsWith('encoder/'))).toBe(true);

    const manifest = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8'));
    expect(manifest.status).toBe('completed');
    expect(manifest.decoding).toMatchObject({ strategy: 'beam', beamWidth: 8, rerank: { length: expect.any(Number), reverse: expect.any(Number), parses: expect.any(Number) } });
    expect(manifest.reranker.validationPairs).toBeGreaterThan(0);
    expect(manifest.reranker.bleu).toBeGreaterThanOrEqual(manifest.reranker.logProbBleu);
    const progress = events.filter((e) => e.type === 'reranker') as unknown as { done: number; total: number }[];
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    expect(events.at(-1)!.type).toBe('reranker-tuned');
  });

  it('the reverse model prefers the code written for a description over code written for another', async () => {
    const run = await openRun(runDir);
    try {
      expect(run.reverse).toBeDefined();
      const pairs = simplePairs(200).slice(0, 40);
      let right = 0;
      for (let i = 0; i < pairs.length; i++) {
        const source = run.codec.encodeSource(pairs[i].description);
        const codes = [pairs[i], pairs[(i + 13) % pairs.length]].map((p) => {
          const target = run.codec.encodeTarget(p.code, pairs[i].description);
          if (!target.ok) throw new Error(target.reason);
          return candidateCodeIds(Array.from(target.ids.subarray(1, -1)), source, run.model.shape.targetVocabSize, run.model.copyInputTable);
        });
        const [own, other] = reverseLogLikelihoods(run.reverse!, codes, source);
        if (own > other) right++;
      }
      expect(right / pairs.length).toBeGreaterThanOrEqual(0.8);
    } finally {
      run.dispose();
    }
  });

  it('eval decodes with the recommended reranked beam, and the choice is the reranker\'s best', async () => {
    const run = await openRun(runDir);
    const checker = await getPythonSyntaxChecker();
    try {
      const settings = run.manifest.decoding!;
      if (settings.strategy !== 'beam' || !settings.rerank) throw new Error('expected a reranked beam');
      const pairs = simplePairs(200).slice(0, 6).map((p, i) => ({ ...p, id: String(i), source: { file: 'pairs.jsonl', line: i + 1 } }));
      const result = evaluatePairs(run, pairs, settings, (code) => checker.check(code).ok);
      for (let i = 0; i < pairs.length; i++) {
        const ids = run.codec.encodeSource(pairs[i].description);
        const source = tf.tensor2d(ids, [1, ids.length], 'int32');
        const candidates = beamSearch(run.model, source, settings.beamWidth, settings.lengthPenalty);
        source.dispose();
        const ranked = rerankCandidates(run, pairs[i].description, candidates, settings.rerank, (code) => checker.check(code).ok);
        expect(result.examples[i].hypothesis).toBe(ranked[0].code);
        if (i === 0) {
          // generate (CLI, playground) puts the same candidate first.
          const generated = await generateCode(run, { prompt: pairs[i].description, settings });
          expect(generated.candidates[0].tokens.map((t) => t.id)).toEqual(ranked[0].sequence.ids);
        }
      }
    } finally {
      run.dispose();
    }
  });
});
