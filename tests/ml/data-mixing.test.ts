// Several data files: the first file's pairs repeated in each epoch (config.primaryWeight), and
// training that ends on the first file's pairs alone (config.fineTuneMinutes), resumable.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend';
import { makeModel } from '../../src/ml/model/encoder-decoder';
import { epochBatches, type EncodedExample } from '../../src/ml/train/batching';
import { latestCheckpoint, Trainer, weightedPool, type TrainerEvent } from '../../src/ml/train/trainer';
import type { TrainConfigOverrides } from '../../src/shared/config/train-config';
import { copyExamples, tinyConfig, TOY_VOCAB } from './helpers';

let workDir: string;
beforeAll(async () => {
  await initBackend('wasm');
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-mixing-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** 60 examples, the first 20 "from the first file"; records which examples the trainer reads. */
function setup(overrides: TrainConfigOverrides) {
  const config = tinyConfig({ evalEvery: 1000, checkpointEvery: 1000, batchSize: 4, ...overrides });
  const model = makeModel({ ...config.model, sourceVocabSize: TOY_VOCAB, targetVocabSize: TOY_VOCAB }, config.seed);
  const read = new Set<number>();
  const train = new Proxy(copyExamples(60, 3), {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) read.add(Number(key));
      return Reflect.get(target, key, receiver);
    },
  }) as EncodedExample[];
  const primary = Array.from({ length: 20 }, (_, i) => i);
  const validation = copyExamples(4, 99).map((e) => ({ ...e, description: '', reference: '' }));
  const trainer = new Trainer(model, config, { train, validation, primary }, { targetToCode: (ids) => ids.join(' ') });
  return { trainer, read, primary };
}

describe('weighted mixing', () => {
  it('an epoch shows every example once and the primary ones weight times', () => {
    const pool = weightedPool(5, [0, 1], 3);
    expect([...pool].sort()).toEqual([0, 0, 0, 1, 1, 1, 2, 3, 4]);
    const examples = copyExamples(5, 1);
    const batches = epochBatches(examples, 2, 7, 0, pool);
    const counts = new Map<number, number>();
    for (const i of batches.flat()) counts.set(i, (counts.get(i) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ 0: 3, 1: 3, 2: 1, 3: 1, 4: 1 });
    // The same seed and epoch give the same order (what exact resume relies on).
    expect(epochBatches(examples, 2, 7, 0, pool)).toEqual(batches);
  });
});

describe('fine-tuning on the first file', () => {
  it('when its minutes cover the whole run, every batch comes from the first file, and it says so once', async () => {
    const { trainer, read, primary } = setup({ maxSteps: 12, maxMinutes: 1000, fineTuneMinutes: 1000 });
    const events: TrainerEvent[] = [];
    read.clear();
    await trainer.run({ onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'fine-tuning')).toEqual([{ type: 'fine-tuning', step: 0, examples: 20 }]);
    expect(read.size).toBeGreaterThan(0);
    for (const i of read) expect(primary).toContain(i);
    trainer.dispose();
  });

  it('before its minutes begin, batches mix both files; the switch survives a checkpoint and resume', async () => {
    const mixing = setup({ maxSteps: 15, maxMinutes: 1000, fineTuneMinutes: 1 });
    mixing.read.clear();
    await mixing.trainer.run();
    expect([...mixing.read].some((i) => i >= 20)).toBe(true);
    expect(mixing.trainer.progress.fineTuning).toBeFalsy();
    mixing.trainer.dispose();

    const dir = join(workDir, 'resume');
    const first = setup({ maxSteps: 5, maxMinutes: 1000, fineTuneMinutes: 1000 });
    await first.trainer.run({ checkpointsDir: dir });
    expect(first.trainer.progress.fineTuning).toBe(true);
    first.trainer.dispose();
    const second = setup({ maxSteps: 10, maxMinutes: 1000, fineTuneMinutes: 1000 });
    await second.trainer.restore((await latestCheckpoint(dir))!);
    expect(second.trainer.progress.fineTuning).toBe(true);
    expect(second.trainer.fineTuneDue(Number.MAX_SAFE_INTEGER)).toBe(false);
    const events: TrainerEvent[] = [];
    second.read.clear();
    await second.trainer.run({ onEvent: (e) => events.push(e) });
    expect(events.some((e) => e.type === 'fine-tuning')).toBe(false);
    for (const i of second.read) expect(i).toBeLessThan(20);
    second.trainer.dispose();
  });
});
