import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend';
import { greedyDecode } from '../../src/ml/decode/greedy';
import { makeModel } from '../../src/ml/model/encoder-decoder';
import { toBatchTensors } from '../../src/ml/train/batching';
import { latestCheckpoint, loadWeights, Trainer } from '../../src/ml/train/trainer';
import type { TrainConfigOverrides } from '../../src/shared/config/train-config';
import { copyExamples, sourceBatch, tinyConfig, TOY_VOCAB } from './helpers';

let workDir: string;
beforeAll(async () => {
  await initBackend('wasm');
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-train-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const tools = { targetToCode: (ids: number[]) => ids.join(' ') };

function setup(overrides: TrainConfigOverrides = {}, trainCount = 400) {
  const config = tinyConfig(overrides);
  const model = makeModel({ ...config.model, sourceVocabSize: TOY_VOCAB, targetVocabSize: TOY_VOCAB }, config.seed);
  const validation = copyExamples(32, 999).map((e) => ({ ...e, description: '', reference: Array.from(e.target.slice(1, -1)).join(' ') }));
  const trainer = new Trainer(model, config, { train: copyExamples(trainCount, 5), validation }, tools);
  return { config, model, trainer, validation };
}

async function weightsOf(model: ReturnType<typeof makeModel>): Promise<Float32Array[]> {
  return Promise.all(model.params.entries().map(async ([, v]) => (await v.data()) as Float32Array));
}

describe('training', () => {
  it('learns the copy task to ≥ 0.9 exact match with the tiny preset', async () => {
    const { trainer, model, validation } = setup({ maxSteps: 400, evalEvery: 400, labelSmoothing: 0 });
    const losses: number[] = [];
    await trainer.run({ onEvent: (e) => e.type === 'step' && losses.push(e.loss) });
    const first = losses.slice(0, 10).reduce((a, b) => a + b) / 10;
    const last = losses.slice(-10).reduce((a, b) => a + b) / 10;
    expect(last).toBeLessThan(first / 4);
    const source = sourceBatch(validation.map((e) => Array.from(e.source)));
    const outputs = greedyDecode(model, source);
    const exact = outputs.filter((o, i) => o.ids.join(' ') === validation[i].reference).length / validation.length;
    console.log(`copy task: loss ${first.toFixed(3)} → ${last.toFixed(3)}, exact match ${exact}`);
    expect(exact).toBeGreaterThanOrEqual(0.9);
    source.dispose();
    trainer.dispose();
    model.dispose();
  });

  it('a train step leaves no tensors behind', () => {
    const { trainer, model } = setup();
    trainer.trainStep();
    const before = tf.memory().numTensors;
    trainer.trainStep();
    trainer.trainStep();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    model.dispose();
  });

  it('save → load gives identical outputs', async () => {
    const { trainer, model, config } = setup({ maxSteps: 5, evalEvery: 1000, checkpointEvery: 1000 });
    await trainer.run({ checkpointsDir: join(workDir, 'save-load') });
    const restored = makeModel({ ...config.model, sourceVocabSize: TOY_VOCAB, targetVocabSize: TOY_VOCAB }, 12345);
    const path = await latestCheckpoint(join(workDir, 'save-load'));
    expect(path).toMatch(/step-000005$/);
    await loadWeights(restored, path!);
    const batch = toBatchTensors(copyExamples(4, 77), [0, 1, 2, 3]);
    const a = model.forward(batch.source, batch.targetInput).logits;
    const b = restored.forward(batch.source, batch.targetInput).logits;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b, batch.source, batch.targetInput, batch.labels]);
    trainer.dispose();
    model.dispose();
    restored.dispose();
  });

  it('resume continues exactly where training stopped (same weights as an uninterrupted run)', async () => {
    const overrides: TrainConfigOverrides = { maxSteps: 12, evalEvery: 1000, checkpointEvery: 1000, model: { dropout: 0.1 } };
    // 400 examples at batch 16 = 25 batches per epoch; use few examples to cross an epoch boundary too.
    const straight = setup(overrides, 100);
    await straight.trainer.run();
    const expected = await weightsOf(straight.model);

    const first = setup(overrides, 100);
    await first.trainer.run({ checkpointsDir: join(workDir, 'resume'), shouldStop: () => first.trainer.progress.step >= 7 });
    expect(first.trainer.progress.step).toBe(7);
    first.trainer.dispose();
    first.model.dispose();

    const second = setup(overrides, 100);
    await second.trainer.restore((await latestCheckpoint(join(workDir, 'resume')))!);
    expect(second.trainer.progress.step).toBe(7);
    await second.trainer.run();
    expect(second.trainer.progress.step).toBe(12);
    expect(second.trainer.progress.epoch).toBe(straight.trainer.progress.epoch);
    const resumed = await weightsOf(second.model);
    resumed.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(expected[i])));
    for (const s of [straight, second]) {
      s.trainer.dispose();
      s.model.dispose();
    }
  });
});

describe('checkpoints by time', () => {
  it('a run with rare step checkpoints still checkpoints every checkpointIntervalMs of training', async () => {
    const { trainer, model } = setup({ maxSteps: 10_000, evalEvery: 10_000, checkpointEvery: 10_000 });
    const checkpoints: number[] = [];
    const started = performance.now();
    await trainer.run({
      checkpointsDir: join(workDir, 'by-time'), checkpointIntervalMs: 150,
      shouldStop: () => performance.now() - started > 1200,
      onEvent: (e) => {
        if (e.type === 'checkpoint') checkpoints.push(e.step);
      },
    });
    // Several during the run (not only the final one), each at a step no step rule would pick.
    expect(checkpoints.length).toBeGreaterThanOrEqual(3);
    expect(checkpoints.slice(0, -1).every((step) => step % 10_000 !== 0)).toBe(true);
    trainer.dispose();
    model.dispose();
  });
});

describe('a run that runs out of time', () => {
  it('ends with an evaluation of its final weights and a checkpoint', async () => {
    const { trainer, model } = setup({ maxSteps: 10_000, evalEvery: 10_000, checkpointEvery: 10_000 });
    const events: string[] = [];
    const reason = await trainer.run({ maxMinutes: 0.05, checkpointsDir: join(workDir, 'time-limit'), onEvent: (e) => events.push(e.type) });
    expect(reason).toBe('time-limit');
    expect(events.filter((e) => e === 'evaluation')).toHaveLength(1);
    expect(events.slice(-3)).toEqual(['evaluation', 'checkpoint', 'done']);
    expect(trainer.progress.bestStep).toBe(trainer.progress.step);
    trainer.dispose();
    model.dispose();
  });
});

describe('checkpoint order', () => {
  it('past step 999,999 the newest checkpoint is still the newest (names compared as numbers)', async () => {
    const dir = join(workDir, 'many-steps');
    for (const step of ['step-999999', 'step-1000000', 'step-000500']) {
      await mkdir(join(dir, step), { recursive: true });
      await writeFile(join(dir, step, 'meta.json'), '{}');
    }
    expect(await latestCheckpoint(dir)).toBe(join(dir, 'step-1000000'));
  });
});
