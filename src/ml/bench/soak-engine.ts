// Memory soak: trains on the bench workload for a while and samples the live tensor count, the
// bytes TF.js holds and the process's RSS after every step. A leak shows as a tensor count that
// creeps up, or an RSS that keeps rising once the first steps have sized the heaps.
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../shared/config/train-config';
import { benchTrainer, type BenchShape } from './bench-engine';

export interface SoakSample {
  step: number;
  elapsedS: number;
  tensors: number;
  tensorMb: number;
  rssMb: number;
}

export interface SoakResult {
  steps: number;
  /** After the warm-up steps, and at the end. */
  first: SoakSample;
  last: SoakSample;
  maxRssMb: number;
  /** Tensor count identical from the end of warm-up on, RSS at the end within 10% of the first sample. */
  flat: boolean;
}

export function soakEngine(config: TrainConfig, shape: BenchShape, minutes: number, warmupSteps: number, onSample: (sample: SoakSample) => void = () => {}): SoakResult {
  const { model, trainer } = benchTrainer(config, shape);
  const started = performance.now();
  const sample = (step: number): SoakSample => ({
    step,
    elapsedS: (performance.now() - started) / 1000,
    tensors: tf.memory().numTensors,
    tensorMb: tf.memory().numBytes / 2 ** 20,
    rssMb: process.memoryUsage().rss / 2 ** 20,
  });
  try {
    let step = 0;
    for (; step < warmupSteps; step++) trainer.trainStep();
    const first = sample(step);
    onSample(first);
    let last = first;
    let maxRssMb = first.rssMb;
    let flat = true;
    while (performance.now() - started < minutes * 60_000) {
      trainer.trainStep();
      last = sample(++step);
      onSample(last);
      maxRssMb = Math.max(maxRssMb, last.rssMb);
      if (last.tensors !== first.tensors) flat = false;
    }
    flat &&= last.rssMb <= first.rssMb * 1.1;
    return { steps: step, first, last, maxRssMb, flat };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}
