// The training loop: seeded length-bucketed batches, label-smoothed cross-entropy, Adam with
// warmup/decay and clipping, periodic evaluation, early stopping and resumable checkpoints.
// Everything that decides what happens next (step, epoch, position in the epoch, best score)
// is in `progress` and saved with each checkpoint, so resume continues exactly where it stopped.
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../shared/config/train-config';
import { checkpointName, checkpointsByStep } from '../../shared/runs/checkpoint-name';
import { DropoutContext } from '../model/building-blocks';
import type { EncoderDecoder } from '../model/encoder-decoder';
import { Adam } from './adam';
import { disposeBatch, epochBatches, toBatchTensors, type EncodedExample } from './batching';
import { writeDirectoryAtomically, writeFileAtomically } from '../../files/atomic-write';
import { assignTensors, readTensors, writeTensors } from './checkpoint';
import { scoreDecoding, validationLoss, type Evaluation, type EvaluationTools, type ValidationExample } from './evaluate';
import { labelSmoothedCrossEntropy } from './loss';
import { learningRateAt } from './lr-schedule';
import { WeightAverage } from './weight-average';
import { reverseExample } from '../rerank/reverse-model';

export interface TrainingData {
  train: EncodedExample[];
  validation: ValidationExample[];
  /**
   * Indices (into `train`) of the first data file's examples when more files add pairs: the
   * curated set that config.primaryWeight repeats and config.fineTuneMinutes ends on. Absent: all.
   */
  primary?: number[];
}

/**
 * A reverse model (code → description, ml/rerank/reverse-model.ts) trained beside the main one on
 * the same batches, its loss added to the main loss, for reranking beam search's candidates. Its
 * weights live in the same checkpoints under `reverse/`.
 */
export const REVERSE_PREFIX = 'reverse/';

export interface TrainerProgress {
  step: number;
  epoch: number;
  batchInEpoch: number;
  elapsedMs: number;
  targetTokensSeen: number;
  bestBleu: number | null;
  bestStep: number | null;
  evaluationsWithoutImprovement: number;
  /** Past the switch to fine-tuning on the first file's pairs (config.fineTuneMinutes); absent in older checkpoints. */
  fineTuning?: boolean;
}

export type StopReason = 'max-steps' | 'time-limit' | 'early-stopping' | 'stopped';

export type TrainerEvent =
  | { type: 'step'; step: number; epoch: number; loss: number; learningRate: number; gradientNorm: number; targetTokensPerSecond: number; elapsedMs: number }
  | ({ type: 'evaluation'; step: number; elapsedMs: number } & Evaluation)
  | { type: 'checkpoint'; step: number; path: string; best: boolean }
  /** Training switched to the first file's pairs alone (config.fineTuneMinutes): `examples` of them. */
  | { type: 'fine-tuning'; step: number; examples: number }
  | { type: 'done'; step: number; reason: StopReason; elapsedMs: number; bestBleu: number | null; bestStep: number | null };

export interface RunOptions {
  onEvent?: (event: TrainerEvent) => void;
  /** Asked before every step; return true to stop (e.g. pause, cancel). */
  shouldStop?: () => boolean;
  /**
   * Awaited before every step. The engine runs generations here, between steps, so the playground
   * works while a run trains; the step's own timing (tokens per second) excludes the wait.
   */
  betweenSteps?: () => Promise<void>;
  /** Where checkpoints go (`step-000500/`, `best.json`); none are written without it. */
  checkpointsDir?: string;
  /** Wall-clock limit for this call in minutes, on top of config.maxMinutes (the run's total); 0 = none. */
  maxMinutes?: number;
  /**
   * Awaited before each checkpoint is written: the caller puts everything recorded up to this step
   * on disk first, so a checkpoint never exists without the history that leads to it.
   */
  beforeCheckpoint?: (step: number) => Promise<void>;
  /**
   * Also checkpoint when this much training time has passed since the last checkpoint, so a crash
   * loses at most this much work whatever checkpointEvery says (default one minute; 0 = off).
   */
  checkpointIntervalMs?: number;
}

const CHECKPOINT_INTERVAL_MS = 60_000;

export class Trainer {
  readonly progress: TrainerProgress = {
    step: 0, epoch: 0, batchInEpoch: 0, elapsedMs: 0, targetTokensSeen: 0, bestBleu: null, bestStep: null, evaluationsWithoutImprovement: 0,
  };
  private readonly optimizer: Adam;
  private readonly variables: Map<string, tf.Variable>;
  /** The weights' moving average (config.averageDecay > 0): what evaluation scores and checkpoints offer for inference. */
  private readonly average: WeightAverage | null;
  /** The reverse model's examples, one per training example (the same batches feed both models). */
  private readonly reverseTrain: EncodedExample[] | null;
  private epochOrder: number[][] | null = null;
  /** What an epoch shows while mixing: every example, the first file's `primaryWeight` times (null: each once). */
  private readonly mixPool: number[] | null;

  constructor(
    readonly model: EncoderDecoder,
    readonly config: TrainConfig,
    private readonly data: TrainingData,
    private readonly tools: EvaluationTools,
    readonly reverse: EncoderDecoder | null = null,
  ) {
    if (data.train.length === 0) throw new Error('No training examples: the training split is empty');
    this.variables = new Map([...model.params.entries(), ...(reverse?.params.entries() ?? []).map(([k, v]) => [REVERSE_PREFIX + k, v] as const)]);
    this.reverseTrain = reverse ? data.train.map(reverseExample) : null;
    this.optimizer = new Adam(
      { beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon, weightDecay: config.weightDecay, clipNorm: config.clipNorm },
      this.variables,
    );
    this.average = config.averageDecay > 0 ? new WeightAverage(config.averageDecay, this.variables) : null;
    this.mixPool = data.primary && config.primaryWeight > 1 ? weightedPool(data.train.length, data.primary, config.primaryWeight) : null;
  }

  /** One optimizer update on the next batch. */
  trainStep(): { loss: number; gradientNorm: number; learningRate: number; targetTokens: number } {
    const indices = this.nextBatch();
    const batch = toBatchTensors(this.data.train, indices);
    const reverseBatch = this.reverseTrain ? toBatchTensors(this.reverseTrain, indices) : null;
    const learningRate = learningRateAt(this.progress.step, this.config);
    const dropout = new DropoutContext(this.config.model.dropout, this.config.seed, this.progress.step);
    const smoothing = this.config.labelSmoothing;
    const [loss, gradientNorm] = tf.tidy(() => {
      let mainLoss: tf.Scalar | null = null; // what the run reports: the reverse model's loss is not the model's
      const { grads } = tf.variableGrads(() => {
        // Kept: variableGrads runs this in a tidy that keeps only what it returns.
        mainLoss = tf.keep(labelSmoothedCrossEntropy(this.model.forward(batch.source, batch.targetInput, { dropout }).logits, batch.labels, smoothing, this.model.shape.targetVocabSize));
        if (!reverseBatch || !this.reverse) return mainLoss;
        const reverseLoss = labelSmoothedCrossEntropy(this.reverse.forward(reverseBatch.source, reverseBatch.targetInput, { dropout }).logits, reverseBatch.labels, smoothing);
        return tf.add(mainLoss, reverseLoss) as tf.Scalar;
      }, [...this.variables.values()]);
      return [mainLoss! as tf.Scalar, this.optimizer.apply(grads, learningRate)];
    });
    const values = [loss.dataSync()[0], gradientNorm.dataSync()[0]];
    tf.dispose([loss, gradientNorm]);
    disposeBatch(batch);
    if (reverseBatch) disposeBatch(reverseBatch);
    this.progress.step += 1;
    this.average?.afterStep(this.progress.step);
    this.progress.targetTokensSeen += batch.targetTokens;
    return { loss: values[0], gradientNorm: values[1], learningRate, targetTokens: batch.targetTokens };
  }

  /** Validation loss and decoding scores, of the averaged weights when the run keeps an average. */
  evaluate(): Evaluation {
    const sample = this.data.validation.slice(0, this.config.evalSamples);
    const score = (): Evaluation => ({
      validationLoss: validationLoss(this.model, this.data.validation, this.config.batchSize),
      ...scoreDecoding(this.model, sample, this.config.batchSize, this.tools),
    });
    return this.average ? this.average.withAverage(score) : score();
  }

  /** Trains until maxSteps, the time limit, early stopping or shouldStop; checkpoints along the way and at the end. */
  async run(options: RunOptions = {}): Promise<StopReason> {
    const emit = options.onEvent ?? (() => {});
    const startElapsed = this.progress.elapsedMs;
    const started = performance.now();
    const elapsed = () => startElapsed + (performance.now() - started);
    // config.maxMinutes bounds the run's total training time; options.maxMinutes bounds this call.
    const outOfTime = () =>
      (this.config.maxMinutes > 0 && elapsed() >= this.config.maxMinutes * 60_000) ||
      (options.maxMinutes !== undefined && options.maxMinutes > 0 && performance.now() - started >= options.maxMinutes * 60_000);
    let reason: StopReason | null = null;
    let lastCheckpointStep = this.progress.step;
    let lastCheckpointAt = performance.now();
    const interval = options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS;
    const checkpointDue = () => this.progress.step % this.config.checkpointEvery === 0 || (interval > 0 && performance.now() - lastCheckpointAt >= interval);
    let lastEvaluationStep = -1;
    const evaluateNow = (): boolean => {
      const evaluation = this.evaluate();
      this.progress.elapsedMs = elapsed();
      lastEvaluationStep = this.progress.step;
      const improved = this.recordEvaluation(evaluation);
      emit({ type: 'evaluation', step: this.progress.step, elapsedMs: this.progress.elapsedMs, ...evaluation });
      return improved;
    };
    while (reason === null) {
      if (options.shouldStop?.()) reason = 'stopped';
      else if (this.progress.step >= this.config.maxSteps) reason = 'max-steps';
      else if (outOfTime()) reason = 'time-limit';
      if (reason) break;

      // Let the process handle messages (pause, shutdown) between steps: a step is synchronous.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await options.betweenSteps?.();
      if (options.shouldStop?.()) {
        reason = 'stopped';
        break;
      }
      if (this.fineTuneDue(elapsed())) {
        this.startFineTuning();
        emit({ type: 'fine-tuning', step: this.progress.step, examples: this.data.primary?.length ?? this.data.train.length });
      }
      const stepStart = performance.now();
      const result = this.trainStep();
      const seconds = (performance.now() - stepStart) / 1000;
      this.progress.elapsedMs = elapsed();
      emit({
        type: 'step', step: this.progress.step, epoch: this.progress.epoch, loss: result.loss, learningRate: result.learningRate,
        gradientNorm: result.gradientNorm, targetTokensPerSecond: result.targetTokens / Math.max(seconds, 1e-6), elapsedMs: this.progress.elapsedMs,
      });
      if (!Number.isFinite(result.loss)) throw new Error(`Training diverged at step ${this.progress.step}: the loss is ${result.loss}. Lower the learning rate or raise warmupSteps.`);

      let improved = false;
      if (this.progress.step % this.config.evalEvery === 0 || this.progress.step >= this.config.maxSteps) {
        improved = evaluateNow();
        if (this.config.patience > 0 && this.progress.evaluationsWithoutImprovement >= this.config.patience) reason = 'early-stopping';
      }
      if (options.checkpointsDir && (improved || checkpointDue())) {
        await options.beforeCheckpoint?.(this.progress.step);
        emit(await this.checkpoint(options.checkpointsDir, improved));
        lastCheckpointStep = this.progress.step;
        lastCheckpointAt = performance.now();
      }
    }
    // A run that ran out of time ends with a score for its final weights (a pause does not wait for one).
    const finalImproved = reason === 'time-limit' && lastEvaluationStep !== this.progress.step && this.progress.step > 0 ? evaluateNow() : false;
    this.progress.elapsedMs = elapsed();
    if (options.checkpointsDir && (finalImproved || lastCheckpointStep !== this.progress.step)) {
      await options.beforeCheckpoint?.(this.progress.step);
      emit(await this.checkpoint(options.checkpointsDir, finalImproved));
    }
    emit({ type: 'done', step: this.progress.step, reason, elapsedMs: this.progress.elapsedMs, bestBleu: this.progress.bestBleu, bestStep: this.progress.bestStep });
    return reason;
  }

  /** Saves weights, optimizer moments and progress as `step-NNNNNN/`, updates best.json, prunes old ones. */
  async checkpoint(checkpointsDir: string, best: boolean): Promise<TrainerEvent & { type: 'checkpoint' }> {
    await mkdir(checkpointsDir, { recursive: true });
    const name = checkpointName(this.progress.step);
    const path = join(checkpointsDir, name);
    await writeDirectoryAtomically(path, async (dir) => {
      await writeTensors(dir, 'weights', [...this.variables.entries()]);
      if (this.average) await writeTensors(dir, AVERAGE_FILE, [...this.average.averages.entries()]);
      await writeTensors(dir, 'optimizer', [
        ...[...this.optimizer.firstMoments].map(([k, v]) => [`m/${k}`, v] as [string, tf.Tensor]),
        ...[...this.optimizer.secondMoments].map(([k, v]) => [`v/${k}`, v] as [string, tf.Tensor]),
      ]);
      await writeFileAtomically(join(dir, 'meta.json'), JSON.stringify({ progress: this.progress, optimizerStep: this.optimizer.step }, null, 2));
    });
    if (best) await writeFileAtomically(join(checkpointsDir, 'best.json'), JSON.stringify({ checkpoint: name, step: this.progress.step, bleu: this.progress.bestBleu }, null, 2));
    await this.pruneCheckpoints(checkpointsDir);
    return { type: 'checkpoint', step: this.progress.step, path, best };
  }

  /** Restores weights, optimizer state and progress from a checkpoint folder. */
  async restore(checkpointPath: string): Promise<void> {
    assignTensors(await readTensors(checkpointPath, 'weights'), [...this.variables], checkpointPath);
    if (this.average) {
      // A checkpoint written before the run kept an average starts it from the weights.
      const averages = (await hasTensors(checkpointPath, AVERAGE_FILE)) ? await readTensors(checkpointPath, AVERAGE_FILE) : await readTensors(checkpointPath, 'weights');
      assignTensors(averages, [...this.average.averages], checkpointPath);
    }
    const moments = await readTensors(checkpointPath, 'optimizer');
    assignTensors(moments, [...this.optimizer.firstMoments].map(([k, v]) => [`m/${k}`, v]), checkpointPath);
    assignTensors(moments, [...this.optimizer.secondMoments].map(([k, v]) => [`v/${k}`, v]), checkpointPath);
    const meta = JSON.parse(await readFile(join(checkpointPath, 'meta.json'), 'utf8')) as { progress: TrainerProgress; optimizerStep: number };
    Object.assign(this.progress, meta.progress);
    this.optimizer.step = meta.optimizerStep;
    this.epochOrder = null;
  }

  dispose(): void {
    this.optimizer.dispose();
    this.average?.dispose();
  }

  private nextBatch(): number[] {
    const order = () => epochBatches(this.data.train, this.config.batchSize, this.config.seed, this.progress.epoch, this.epochPool());
    this.epochOrder ??= order();
    if (this.progress.batchInEpoch >= this.epochOrder.length) {
      this.progress.epoch += 1;
      this.progress.batchInEpoch = 0;
      this.epochOrder = order();
    }
    return this.epochOrder[this.progress.batchInEpoch++];
  }

  /** The examples an epoch shows: the first file's alone once fine-tuning, else the (weighted) mix. */
  private epochPool(): readonly number[] | undefined {
    if (this.progress.fineTuning) return this.data.primary;
    return this.mixPool ?? undefined;
  }

  /** Fine-tuning starts when the last config.fineTuneMinutes of the run's time limit begin. */
  fineTuneDue(elapsedMs: number): boolean {
    const { fineTuneMinutes, maxMinutes } = this.config;
    return !this.progress.fineTuning && fineTuneMinutes > 0 && maxMinutes > 0 && elapsedMs >= Math.max(0, maxMinutes - fineTuneMinutes) * 60_000;
  }

  /** From the next step on, epochs show only the first file's pairs (a fresh epoch starts now). */
  private startFineTuning(): void {
    this.progress.fineTuning = true;
    this.progress.epoch += 1;
    this.progress.batchInEpoch = 0;
    this.epochOrder = null;
  }

  private recordEvaluation(evaluation: Evaluation): boolean {
    const p = this.progress;
    // NaN BLEU (no validation data) never counts as an improvement.
    if (Number.isFinite(evaluation.bleu) && (p.bestBleu === null || evaluation.bleu > p.bestBleu)) {
      p.bestBleu = evaluation.bleu;
      p.bestStep = p.step;
      p.evaluationsWithoutImprovement = 0;
      return true;
    }
    p.evaluationsWithoutImprovement += 1;
    return false;
  }

  private async pruneCheckpoints(checkpointsDir: string): Promise<void> {
    const bestName = this.progress.bestStep === null ? null : checkpointName(this.progress.bestStep);
    const steps = checkpointsByStep(await readdir(checkpointsDir)).map((c) => c.name);
    const keep = new Set(steps.slice(-this.config.keepCheckpoints));
    if (bestName) keep.add(bestName);
    for (const name of steps) if (!keep.has(name)) await rm(join(checkpointsDir, name), { recursive: true, force: true });
  }
}

/** Every example once, plus the `primary` ones `weight − 1` more times. */
export function weightedPool(count: number, primary: readonly number[], weight: number): number[] {
  const pool = Array.from({ length: count }, (_, i) => i);
  for (let r = 1; r < weight; r++) pool.push(...primary);
  return pool;
}

/** The tensor file of a checkpoint holding the weights' moving average (runs with averageDecay > 0). */
const AVERAGE_FILE = 'average';

/**
 * Loads only the weights of a checkpoint into a model (for evaluation and generation): the moving
 * average when the run kept one (it is what the run evaluated), unless `averaged` is false.
 */
export async function loadWeights(model: EncoderDecoder, checkpointPath: string, options: { averaged?: boolean; prefix?: string } = {}): Promise<void> {
  const file = options.averaged !== false && (await hasTensors(checkpointPath, AVERAGE_FILE)) ? AVERAGE_FILE : 'weights';
  const prefix = options.prefix ?? '';
  assignTensors(await readTensors(checkpointPath, file), model.params.entries().map(([k, v]) => [prefix + k, v]), checkpointPath);
}

async function hasTensors(checkpointPath: string, basename: string): Promise<boolean> {
  return stat(join(checkpointPath, `${basename}.json`)).then(() => true, () => false);
}

/** The checkpoint to resume from: the newest complete `step-*` folder, or null. */
export async function latestCheckpoint(checkpointsDir: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(checkpointsDir);
  } catch {
    return null;
  }
  const steps = checkpointsByStep(names).map((c) => c.name).reverse();
  for (const name of steps) {
    try {
      await readFile(join(checkpointsDir, name, 'meta.json'), 'utf8');
      return join(checkpointsDir, name);
    } catch {
      /* incomplete: try an older one */
    }
  }
  return null;
}

/** The best checkpoint (best.json), falling back to the latest. */
export async function bestCheckpoint(checkpointsDir: string): Promise<string | null> {
  try {
    const pointer = JSON.parse(await readFile(join(checkpointsDir, 'best.json'), 'utf8')) as { checkpoint: string };
    const path = join(checkpointsDir, pointer.checkpoint);
    await readFile(join(path, 'meta.json'), 'utf8');
    return path;
  } catch {
    return latestCheckpoint(checkpointsDir);
  }
}
