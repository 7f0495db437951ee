// Speed of the engine on the current backend for one model shape: training target tokens per
// second (median over timed steps after warm-up), milliseconds per generated token for greedy
// and beam-4 decoding with the key/value cache (exactly `decodeLength` tokens, EOS ignored), and
// peak memory. Random token ids from a fixed seed, like ../shared/bench/torch_reference.py.
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../shared/config/train-config';
import { SeededRandom } from '../../shared/random/seeded-random';
import { BOS_ID, EOS_ID } from '../../shared/tokenizer/vocab';
import { beamSearch } from '../decode/beam-search';
import { greedyDecode } from '../decode/greedy';
import { makeModel, type EncoderDecoder } from '../model/encoder-decoder';
import type { EncodedExample } from '../train/batching';
import { Trainer } from '../train/trainer';

export interface BenchShape {
  sourceVocab: number;
  targetVocab: number;
  batch: number;
  sourceLength: number;
  /** Decoder input length: batch × targetLength target tokens are predicted per step. */
  targetLength: number;
  decodeLength: number;
}

export interface BenchTimings {
  warmup: number;
  steps: number;
  decodeRuns: number;
}

export interface EngineBenchResult {
  trainMsPerStep: number;
  trainTargetTokensPerSecond: number;
  greedyMsPerToken: number;
  beam4MsPerToken: number;
  peakRssMb: number;
  tensorMb: number;
  parameterCount: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function randomIds(rng: SeededRandom, length: number, vocab: number): number[] {
  return Array.from({ length }, () => 4 + rng.int(vocab - 4));
}

/** One batch of fixed-length examples: target = BOS + (targetLength - 1) ids + EOS, so the decoder input is exactly targetLength long. */
export function benchExamples(shape: BenchShape): EncodedExample[] {
  const rng = new SeededRandom(0);
  return Array.from({ length: shape.batch }, () => ({
    source: Int32Array.from([...randomIds(rng, shape.sourceLength - 1, shape.sourceVocab), EOS_ID]),
    target: Int32Array.from([BOS_ID, ...randomIds(rng, shape.targetLength - 1, shape.targetVocab), EOS_ID]),
  }));
}

/** A freshly initialised model of `config`'s shape and a trainer on the bench batch (the caller disposes both). */
export function benchTrainer(config: TrainConfig, shape: BenchShape): { examples: EncodedExample[]; model: EncoderDecoder; trainer: Trainer } {
  const examples = benchExamples(shape);
  const model = makeModel({ ...config.model, sourceVocabSize: shape.sourceVocab, targetVocabSize: shape.targetVocab }, 0);
  const trainer = new Trainer(model, { ...config, batchSize: shape.batch }, { train: examples, validation: [] }, { targetToCode: String });
  return { examples, model, trainer };
}

export function benchEngine(config: TrainConfig, shape: BenchShape, timings: BenchTimings): EngineBenchResult {
  const { examples, model, trainer } = benchTrainer(config, shape);
  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  try {
    for (let i = 0; i < timings.warmup; i++) trainer.trainStep();
    const stepMs: number[] = [];
    for (let i = 0; i < timings.steps; i++) {
      const started = performance.now();
      trainer.trainStep();
      stepMs.push(performance.now() - started);
      sample();
    }
    const source = tf.tensor2d(examples[0].source, [1, shape.sourceLength], 'int32');
    const decodeMs = (run: () => unknown) => {
      run(); // warm-up
      const runs: number[] = [];
      for (let i = 0; i < timings.decodeRuns; i++) {
        const started = performance.now();
        run();
        runs.push(performance.now() - started);
        sample();
      }
      return median(runs) / shape.decodeLength;
    };
    const greedyMsPerToken = decodeMs(() => greedyDecode(model, source, shape.decodeLength, true));
    const beam4MsPerToken = decodeMs(() => beamSearch(model, source, 4, 0.6, shape.decodeLength, true));
    source.dispose();
    const trainMsPerStep = median(stepMs);
    return {
      trainMsPerStep,
      trainTargetTokensPerSecond: (shape.batch * shape.targetLength) / (trainMsPerStep / 1000),
      greedyMsPerToken,
      beam4MsPerToken,
      peakRssMb: peakRss / 2 ** 20,
      tensorMb: tf.memory().numBytes / 2 ** 20,
      parameterCount: model.params.count(),
    };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}
