import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend';
import { loadBlas } from '../../src/ml/kernels/blas/load-blas';
import { makeModel } from '../../src/ml/model/encoder-decoder';
import { Trainer } from '../../src/ml/train/trainer';
import { greedyDecode } from '../../src/ml/decode/greedy';
import { copyExamples, tinyConfig, TOY_VOCAB } from './helpers';

/** Runs `f` on a backend and returns plain numbers. */
async function on(backend: 'wasm' | 'cpu', f: () => tf.Tensor): Promise<number[]> {
  await initBackend(backend);
  const t = f();
  const values = Array.from(await t.data());
  t.dispose();
  return values;
}

describe('backends', () => {
  it('picks the best available backend automatically and says which', async () => {
    const info = await initBackend('auto');
    expect(['tensorflow', 'wasm', 'cpu']).toContain(info.name);
    expect(info.label.length).toBeGreaterThan(0);
    // Here tfjs-node cannot install, so the choice is wasm with both native packages reported as
    // skipped, and with its products on a BLAS when one loads (else that is reported as skipped too).
    if (info.name === 'wasm') {
      const blas = await loadBlas();
      expect(info.preference).toBe(typeof blas === 'string' ? 'wasm' : 'wasm-blas');
      expect(info.skipped).toHaveLength(typeof blas === 'string' ? 3 : 2);
      if (typeof blas !== 'string') expect(info.label).toContain(blas.label);
      else expect(info.label).toContain('install OpenBLAS');
    }
  });

  it('the wasm UnsortedSegmentSum (embedding gradient) matches the JS backend', async () => {
    const run = () => tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]), tf.tensor1d([2, 0, 2, -1], 'int32'), 3);
    expect(await on('wasm', run)).toEqual(await on('cpu', run));
    expect(await on('wasm', run)).toEqual([3, 4, 0, 0, 6, 8]);
  });

  it('the gradient of a gather (embedding lookup) works on wasm and matches the JS backend', async () => {
    const grad = () => {
      const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
      const ids = tf.tensor2d([[0, 2], [2, 2]], [2, 2], 'int32');
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), tf.tensor3d([[[1, 1], [2, 2]], [[3, 3], [4, 4]]]))))(table);
    };
    expect(await on('wasm', grad)).toEqual(await on('cpu', grad));
  });

  it('transposed matMuls give the same numbers on wasm as on the JS backend', async () => {
    const a = Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.sin(i));
    const b = Array.from({ length: 2 * 5 * 4 }, (_, i) => Math.cos(i));
    for (const [ta, tb] of [[false, true], [true, false], [true, true]] as const) {
      const run = () => {
        const x = tf.tensor3d(a, ta ? [2, 4, 3] : [2, 3, 4]);
        const y = tf.tensor3d(b, tb ? [2, 5, 4] : [2, 4, 5]);
        return tf.matMul(x, y, ta, tb);
      };
      const wasm = await on('wasm', run);
      const cpu = await on('cpu', run);
      wasm.forEach((v, i) => expect(v).toBeCloseTo(cpu[i], 5));
    }
  });

  it('a training step runs on the plain JS backend too and gives the same loss as wasm', async () => {
    const losses: number[] = [];
    for (const backend of ['wasm', 'cpu'] as const) {
      await initBackend(backend);
      const config = tinyConfig();
      const model = makeModel({ ...config.model, sourceVocabSize: TOY_VOCAB, targetVocabSize: TOY_VOCAB }, 3);
      const trainer = new Trainer(model, config, { train: copyExamples(64, 1), validation: [] }, { targetToCode: String });
      losses.push(trainer.trainStep().loss, trainer.trainStep().loss);
      trainer.dispose();
      model.dispose();
    }
    expect(losses[2]).toBeCloseTo(losses[0], 4);
    expect(losses[3]).toBeCloseTo(losses[1], 3);
    await initBackend('wasm');
  });

  it('wasm with BLAS products trains and decodes like wasm alone (losses over 5 steps, greedy tokens)', async () => {
    const blas = await loadBlas();
    if (typeof blas === 'string') {
      console.log(`NOT RUN (wasm-blas training comparison): ${blas}`);
      return;
    }
    const runs: { losses: number[]; tokens: number[] }[] = [];
    for (const backend of ['wasm', 'wasm-blas'] as const) {
      await initBackend(backend);
      const config = tinyConfig();
      const model = makeModel({ ...config.model, sourceVocabSize: TOY_VOCAB, targetVocabSize: TOY_VOCAB }, 5);
      const examples = copyExamples(64, 2);
      const trainer = new Trainer(model, config, { train: examples, validation: [] }, { targetToCode: String });
      const losses = Array.from({ length: 5 }, () => trainer.trainStep().loss);
      const source = tf.tensor2d(examples[0].source, [1, examples[0].source.length], 'int32');
      const tokens = greedyDecode(model, source, 8)[0].ids;
      source.dispose();
      trainer.dispose();
      model.dispose();
      runs.push({ losses, tokens });
    }
    runs[1].losses.forEach((loss, i) => expect(loss).toBeCloseTo(runs[0].losses[i], 3));
    expect(runs[1].losses[4]).toBeLessThan(runs[1].losses[0]);
    expect(runs[1].tokens).toEqual(runs[0].tokens);
    await initBackend('wasm');
  });
});
