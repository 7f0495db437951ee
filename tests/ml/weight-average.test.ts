// The weights' moving average (config.averageDecay): its arithmetic, that evaluation scores it and
// leaves the trained weights in place, that checkpoints carry it for inference, and exact resume.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend';
import { makeModel } from '../../src/ml/model/encoder-decoder';
import { validationLoss } from '../../src/ml/train/evaluate';
import { latestCheckpoint, loadWeights, Trainer } from '../../src/ml/train/trainer';
import { UPDATE_EVERY, WeightAverage } from '../../src/ml/train/weight-average';
import type { TrainConfigOverrides } from '../../src/shared/config/train-config';
import { copyExamples, tinyConfig, TOY_VOCAB } from './helpers';

let workDir: string;
beforeAll(async () => {
  await initBackend('wasm');
  workDir = await mkdtemp(join(tmpdir(), 'code-studio-average-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function setup(overrides: TrainConfigOverrides) {
  const config = tinyConfig({ averageDecay: 0.9, evalEvery: 1000, checkpointEvery: 1000, ...overrides });
  const model = makeModel({ ...config.model, sourceVocabSize: TOY_VOCAB, targetVocabSize: TOY_VOCAB }, config.seed);
  const validation = copyExamples(16, 999).map((e) => ({ ...e, description: '', reference: '' }));
  const trainer = new Trainer(model, config, { train: copyExamples(100, 5), validation }, { targetToCode: (ids) => ids.join(' ') });
  return { model, trainer, validation };
}

const valuesOf = (model: ReturnType<typeof makeModel>) => model.params.entries().map(([, v]) => Array.from(v.dataSync()));

describe('weight average', () => {
  it('moves by decay^k every k steps, following the weights closely at first', () => {
    const w = tf.variable(tf.tensor1d([0, 0]));
    const average = new WeightAverage(0.99, new Map([['w', w]]));
    let expected = 0;
    for (let step = 1; step <= 3 * UPDATE_EVERY; step++) {
      w.assign(tf.tensor1d([step, -step]));
      average.afterStep(step);
      if (step % UPDATE_EVERY === 0) {
        const keep = Math.min(0.99, (1 + step) / (10 + step)) ** UPDATE_EVERY;
        expected = keep * expected + (1 - keep) * step;
      }
    }
    const [a, b] = average.averages.get('w')!.dataSync();
    expect(a).toBeCloseTo(expected, 4);
    expect(b).toBeCloseTo(-expected, 4);
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(3 * UPDATE_EVERY);
    // withAverage puts the averaged weights in, then the trained ones back.
    expect(average.withAverage(() => Array.from(w.dataSync()))).toEqual([a, b]);
    expect(Array.from(w.dataSync())).toEqual([3 * UPDATE_EVERY, -3 * UPDATE_EVERY]);
    average.dispose();
    w.dispose();
  });

  it('evaluation scores the average without touching the trained weights; checkpoints keep both', async () => {
    const { model, trainer, validation } = setup({ maxSteps: 30 });
    await trainer.run({ checkpointsDir: join(workDir, 'a') });
    const trained = valuesOf(model);
    const before = tf.memory().numTensors;
    trainer.evaluate();
    expect(tf.memory().numTensors).toBe(before);
    expect(valuesOf(model)).toEqual(trained);

    const checkpoint = (await latestCheckpoint(join(workDir, 'a')))!;
    await stat(join(checkpoint, 'average.bin'));
    const reader = setup({}).model;
    await loadWeights(reader, checkpoint, { averaged: false });
    expect(valuesOf(reader)).toEqual(trained);
    await loadWeights(reader, checkpoint); // inference takes the average by default
    const averaged = valuesOf(reader);
    expect(averaged).not.toEqual(trained);
    // The averaged weights are what evaluation scored.
    expect(validationLoss(reader, validation, 16)).toBeCloseTo(trainer.evaluate().validationLoss, 5);
    expect(validationLoss(model, validation, 16)).not.toBeCloseTo(trainer.evaluate().validationLoss, 3);
    trainer.dispose();
    model.dispose();
    reader.dispose();
  });

  it('a resumed run ends with the same average as an uninterrupted one', async () => {
    const overrides: TrainConfigOverrides = { maxSteps: 27, model: { dropout: 0.1 } };
    const straight = setup(overrides);
    await straight.trainer.run({ checkpointsDir: join(workDir, 'straight') });
    const first = setup(overrides);
    await first.trainer.run({ checkpointsDir: join(workDir, 'resume'), shouldStop: () => first.trainer.progress.step >= 13 });
    first.trainer.dispose();
    const second = setup(overrides);
    await second.trainer.restore((await latestCheckpoint(join(workDir, 'resume')))!);
    await second.trainer.run({ checkpointsDir: join(workDir, 'resume') });
    const a = setup({}).model;
    const b = setup({}).model;
    await loadWeights(a, (await latestCheckpoint(join(workDir, 'straight')))!);
    await loadWeights(b, (await latestCheckpoint(join(workDir, 'resume')))!);
    expect(valuesOf(b)).toEqual(valuesOf(a));
    for (const s of [straight, second]) s.trainer.dispose();
  });
});
