// Decoder pretraining as a real run does it (tiny preset, a corpus folder the test writes): the
// corpus reader's accounting, the decoder's weights moved by pretraining, pair training starting
// from them, run.json recording what was read and done, a paused pretraining resuming where it
// stopped, and a finished one never redone.
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPretrainCorpus } from '../../src/jobs/pretrain-corpus';
import { prepareData } from '../../src/jobs/prepare-data';
import { trainRun, type RunEvent } from '../../src/jobs/train-run';
import { makeModel } from '../../src/ml/model/encoder-decoder';
import { readTensors } from '../../src/ml/train/checkpoint';
import { RunStore } from '../../src/services/runs/run-store';
import { PairCodec } from '../../src/shared/codec/pair-codec';
import { resolveTrainConfig } from '../../src/shared/config/presets';
import type { TrainConfigOverrides } from '../../src/shared/config/train-config';
import type { PretrainEvent } from '../../src/shared/runs/pretraining';
import { simplePairs, writeJsonlPairs } from './synthetic-pairs';

let workDir: string;
let dataPath: string;
let corpus: string;

/** Python that uses the pairs' names, so most of its tokens are in the run's vocabulary. */
function corpusFile(i: number): string {
  const lines: string[] = [];
  for (let f = 0; f < 12; f++) {
    lines.push(`def f${i}_${f}(items, total):`, '    for x in items:', `        total = total + x * ${f % 9}`, '    return total', '');
    lines.push(`values = [${f % 9}, ${i % 9}, count]`, `print(round(len(values), ${(f + i) % 9}))`, '');
  }
  return lines.join('\n');
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-pretrain-'));
  dataPath = join(workDir, 'pairs.jsonl');
  await writeJsonlPairs(dataPath, simplePairs(90));
  corpus = join(workDir, 'corpus');
  await mkdir(join(corpus, 'nested', 'deeper'), { recursive: true });
  for (let i = 0; i < 40; i++) await writeFile(join(corpus, i % 2 ? 'nested' : '.', `m${String(i).padStart(2, '0')}.py`), corpusFile(i));
  await writeFile(join(corpus, 'nested', 'deeper', 'broken.py'), 'x = "never closed\n');
  await writeFile(join(corpus, 'blob.py'), Buffer.from([0x00, 0xff, 0x10, 0x00]));
  await symlink(corpus, join(corpus, 'nested', 'deeper', 'back-to-top'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const pretrainEvents = (events: RunEvent[]) => events.filter((e): e is PretrainEvent => e.type === 'pretrain');

function overrides(steps: number, more: TrainConfigOverrides = {}): TrainConfigOverrides {
  return { maxSteps: 3, evalEvery: 3, evalSamples: 4, checkpointEvery: 100, pretrain: { corpus, steps }, ...more };
}

/** Mean absolute difference between two checkpoints' (or a checkpoint's and a model's) tensors of the given names. */
function meanDifference(a: Map<string, { values: Float32Array }>, b: Map<string, { values: Float32Array }>, names: string[]): number {
  let sum = 0;
  let count = 0;
  for (const name of names) {
    const x = a.get(name)!.values;
    const y = b.get(name)!.values;
    for (let i = 0; i < x.length; i++) sum += Math.abs(x[i] - y[i]);
    count += x.length;
  }
  return sum / count;
}

const DECODER = ['targetEmbedding', 'decoder/0/selfAttention/qkv/weight', 'decoder/0/feedForward/inner/weight', 'generator/bias'];

/** The weights a run's model starts from before any training (initialisation is seeded). */
async function initialWeights(runDir: string): Promise<Map<string, { values: Float32Array }>> {
  const store = new RunStore(runDir);
  const { config } = await store.readManifest();
  const codec = PairCodec.fromJSON(await store.readCodec());
  const model = makeModel({ ...config.model, sourceVocabSize: codec.source.size, targetVocabSize: codec.target.size }, config.seed);
  const out = new Map(await Promise.all(model.params.entries().map(async ([name, v]) => [name, { values: (await v.data()) as Float32Array }] as const)));
  model.dispose();
  return out;
}

describe('readPretrainCorpus', () => {
  it('reads every good file, nested ones too, and counts what it skipped and why', async () => {
    const config = resolveTrainConfig('tiny');
    const { codec } = await prepareData({ path: dataPath }, config);
    const read = await readPretrainCorpus(corpus, codec);
    expect(read.summary).toMatchObject({ folder: corpus, files: 40, limitReached: false, skipped: { 'does-not-tokenize': 1, binary: 1, 'symlink-loop': 1 } });
    expect(read.skipped.map((s) => s.path).sort()).toEqual(['blob.py', 'nested/deeper/back-to-top', 'nested/deeper/broken.py']);
    expect(read.summary.windows).toBe(read.train.length + read.heldOut.length);
    expect(read.heldOut.length).toBeGreaterThan(0);
    for (const e of read.train) expect(e.target.length).toBeLessThanOrEqual(config.model.maxTargetLength);
    expect(read.summary.unknownTokens).toBeGreaterThan(0); // `def`, `for`, `f3_7` are not in the pairs' vocabulary
    expect(read.summary.unknownTokens / read.summary.tokens).toBeLessThan(0.5);
    expect((await readPretrainCorpus(corpus, codec)).summary.fingerprint).toBe(read.summary.fingerprint);
  });
});

describe('trainRun with decoder pretraining', () => {
  it('pretrains the decoder, records it in run.json, and pair training starts from its weights', async () => {
    const runDir = join(workDir, 'run');
    const events: RunEvent[] = [];
    const result = await trainRun({ runDir, data: { path: dataPath }, preset: 'tiny', overrides: overrides(30), onEvent: (e) => events.push(e) });
    expect(result.reason).toBe('max-steps');

    const phases = pretrainEvents(events).map((e) => e.phase);
    expect(phases[0]).toBe('started');
    expect(phases.filter((p) => p === 'step')).toHaveLength(30);
    expect(phases.at(-1)).toBe('finished');
    // Pretraining comes after the data is prepared and before the first pair-training step.
    const order = events.map((e) => (e.type === 'pretrain' ? 'pretrain' : e.type));
    expect(order.indexOf('prepared')).toBeLessThan(order.indexOf('pretrain'));
    expect(order.lastIndexOf('pretrain')).toBeLessThan(order.indexOf('step'));

    const info = result.manifest.pretraining!;
    expect(info).toMatchObject({ corpus, folder: corpus, status: 'done', steps: 30, maxSteps: 30, maxMinutes: null, files: 40, skipped: { 'does-not-tokenize': 1, binary: 1, 'symlink-loop': 1 } });
    expect(info.windows).toBeGreaterThan(100);
    expect(info.heldOutLoss.after!).toBeLessThan(info.heldOutLoss.before!); // it learnt the corpus's Python
    expect(result.manifest.summary.steps).toBe(3);
    const skipped = (await readFile(join(runDir, 'pretrain', 'skipped.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(skipped.map((s) => s.reason).sort()).toEqual(['binary', 'does-not-tokenize', 'symlink-loop']);
    expect(JSON.parse(await readFile(join(runDir, 'pretrain', 'done.json'), 'utf8'))).toEqual({ checkpoint: 'step-000030', step: 30 });

    const initial = await initialWeights(runDir);
    const pretrained = await readTensors(join(runDir, 'pretrain', 'checkpoints', 'step-000030'), 'weights');
    const afterPairs = await readTensors(join(runDir, 'checkpoints', 'step-000003'), 'weights');
    const moved = meanDifference(pretrained, initial, DECODER);
    expect(moved).toBeGreaterThan(1e-3);
    // Three pair-training steps move the weights far less than pretraining did: they started from it.
    expect(meanDifference(afterPairs, pretrained, DECODER)).toBeLessThan(0.2 * moved);
    expect(meanDifference(afterPairs, initial, DECODER)).toBeGreaterThan(0.5 * moved);
  });

  it('resumes a paused pretraining where it stopped, and never redoes a finished one', async () => {
    const runDir = join(workDir, 'resumed');
    // 1. Paused at pretraining step 8: the run stops before any pair-training step.
    let events: RunEvent[] = [];
    const first = await trainRun({
      runDir, data: { path: dataPath }, preset: 'tiny', overrides: overrides(20), onEvent: (e) => events.push(e),
      shouldStop: () => events.some((e) => e.type === 'pretrain' && e.phase === 'step' && e.step >= 8),
    });
    expect(first.reason).toBe('stopped');
    expect(first.manifest).toMatchObject({ status: 'stopped', summary: { steps: 0 }, pretraining: { status: 'running', steps: 8 } });
    expect(pretrainEvents(events).at(-1)).toMatchObject({ phase: 'finished', done: false, step: 8 });

    // 2. Resumed: pretraining continues from step 8 to 20; stopped again before pair training starts.
    events = [];
    const second = await trainRun({
      runDir, resume: true, onEvent: (e) => events.push(e),
      shouldStop: () => events.some((e) => e.type === 'pretrain' && e.phase === 'finished'),
    });
    expect(pretrainEvents(events)[0]).toMatchObject({ phase: 'started', resumedFromStep: 8 });
    expect(pretrainEvents(events).filter((e) => e.phase === 'step').map((e) => (e as { step: number }).step)).toEqual(Array.from({ length: 12 }, (_, i) => 9 + i));
    expect(second.manifest).toMatchObject({ status: 'stopped', summary: { steps: 0 }, pretraining: { status: 'done', steps: 20 } });
    const pretrainedPath = join(runDir, 'pretrain', 'checkpoints', 'step-000020');
    const pretrained = await readTensors(pretrainedPath, 'weights');

    // The same 20 steps without a pause give the same weights: the pause lost and repeated nothing.
    const straight = join(workDir, 'straight');
    await trainRun({ runDir: straight, data: { path: dataPath }, preset: 'tiny', overrides: overrides(20, { maxSteps: 1 }) });
    expect(meanDifference(await readTensors(join(straight, 'pretrain', 'checkpoints', 'step-000020'), 'weights'), pretrained, [...pretrained.keys()])).toBeLessThan(1e-5);

    // 3. Resumed with pretraining done but no pair checkpoint yet: its weights are loaded, nothing redone.
    events = [];
    const third = await trainRun({ runDir, resume: true, onEvent: (e) => events.push(e) });
    expect(pretrainEvents(events)).toEqual([{ type: 'pretrain', phase: 'already-done', step: 20 }]);
    expect(third.manifest.summary.steps).toBe(3);
    const initial = await initialWeights(runDir);
    const afterPairs = await readTensors(join(runDir, 'checkpoints', 'step-000003'), 'weights');
    expect(meanDifference(afterPairs, pretrained, DECODER)).toBeLessThan(0.2 * meanDifference(pretrained, initial, DECODER));

    // 4. Resumed after pair training has checkpointed: pretraining is not even looked at.
    const pretrainedAt = (await stat(join(pretrainedPath, 'weights.bin'))).mtimeMs;
    events = [];
    const fourth = await trainRun({ runDir, resume: true, overrides: { maxSteps: 5 }, onEvent: (e) => events.push(e) });
    expect(pretrainEvents(events)).toEqual([]);
    expect(fourth.manifest).toMatchObject({ status: 'completed', summary: { steps: 5 }, pretraining: { status: 'done', steps: 20 } });
    expect((await stat(join(pretrainedPath, 'weights.bin'))).mtimeMs).toBe(pretrainedAt);
  });

  it('fails the run with a message naming a corpus folder that does not exist', async () => {
    const missing = join(workDir, 'no-such-folder');
    const runDir = join(workDir, 'missing');
    await expect(trainRun({ runDir, data: { path: dataPath }, preset: 'tiny', overrides: { maxSteps: 2, pretrain: { corpus: missing, steps: 5 } } }))
      .rejects.toThrow(`Pretraining corpus ${missing} does not exist`);
    expect(await new RunStore(runDir).readManifest()).toMatchObject({ status: 'failed', error: expect.stringContaining(missing) });
  });

  it('rejects a pretraining config without a budget, naming the field', () => {
    expect(() => resolveTrainConfig('tiny', { pretrain: { corpus } })).toThrow(/pretraining needs steps or minutes/);
    expect(() => resolveTrainConfig('tiny', { pretrain: { corpus: ' ', steps: 5 } })).toThrow(/name a folder/);
    expect(() => resolveTrainConfig('tiny', { pretrain: { corpus, steps: 0 } })).toThrow();
    expect(() => resolveTrainConfig('tiny', { pretrain: { corpus, steps: 5, extra: 1 } as never })).toThrow();
  });
});
