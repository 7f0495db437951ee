// What a new run will take on this machine, said before it starts: training (the time limit, or
// maxSteps at a measured speed), data preparation before it and, after it, the final evaluation of
// a time-limited run and the reranker's tuning (config.tuneReranker). Speeds and durations come from
// earlier runs of the same preset on the same backend (runs:list `timing`); whatever was not
// measured is a guess, and says so.
import type { RunListItem } from '../../../shared/api/types';
import type { TrainConfig, TrainConfigOverrides } from '../../../shared/config/train-config';
import { formatDuration } from '../../lib/format/format';

export interface RunEstimate {
  /** What will stop the run. */
  limitedBy: 'steps' | 'time';
  /** Training time (evaluations during training included); null when neither a time limit nor a speed is known. */
  trainingMs: number | null;
  /** Steps it will train; null when the time limit stops it and no speed was measured. */
  steps: number | null;
  /** Measured steps per second (evaluations and checkpoints included), or null. */
  stepsPerSecond: number | null;
  /** The run the speed was measured on, or null. */
  measuredOn: string | null;
  /** The measured run trained another model, reverse model or batch size: its speed is only a guide. */
  settingsDiffer: boolean;
  prepareMs: number;
  prepareMeasured: boolean;
  /** The evaluation after the time limit (0 for a run stopped by maxSteps: its last one is in trainingMs). */
  finalEvaluationMs: number;
  evaluationMeasured: boolean;
  /** Tuning the n-best reranker when training ends (0 when the config does not ask for it). */
  rerankerMs: number;
  rerankerMeasured: boolean;
}

export interface EstimateInput {
  config: TrainConfig;
  preset: string;
  overrides: TrainConfigOverrides;
  /** The engine's backend label: speeds measured on another backend do not count. */
  backend: string;
  runs: readonly RunListItem[];
  /** Pairs the run will read (main + extra), when known. */
  pairs: number | null;
}

/** Guesses, from the CoNaLa recipe on a 2-core machine (14,600 pairs prepared in about 15 s). */
const GUESS_PREPARE_BASE_MS = 5_000;
const GUESS_PREPARE_PER_PAIR_MS = 0.7;
const GUESS_PREPARE_UNKNOWN_MS = 30_000;
const GUESS_EVALUATION_BASE_MS = 10_000;
const GUESS_EVALUATION_PER_SAMPLE_MS = 250;
/** The CoNaLa recipe's tuning took about 2 minutes (src/shared/config/presets.ts). */
const GUESS_RERANKER_MS = 120_000;

/** What decides the time of a step: the model (with a reverse model trained beside it) and the batch, the data aside. */
function sameShape(a: TrainConfig, b: TrainConfig | undefined): boolean {
  return !!b && a.batchSize === b.batchSize && a.reverseModel === b.reverseModel && JSON.stringify(a.model) === JSON.stringify(b.model);
}

/**
 * The newest run of this preset on this backend that trained long enough (10 s) to have a speed,
 * one with the same model and batch first.
 */
function measuredRun(input: EstimateInput): RunListItem | null {
  const same = input.runs
    .filter((r) => r.preset === input.preset && r.backend === input.backend && r.steps >= 5 && r.elapsedMs >= 10_000)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return same.find((r) => sameShape(input.config, r.config)) ?? same[0] ?? null;
}

/** How long tuning the reranker after training takes: measured on the newest run of the preset that tuned, or a guess; 0 without tuning. */
export function rerankerTime(config: TrainConfig, preset: string, runs: readonly RunListItem[]): { ms: number; measured: boolean } {
  if (!config.tuneReranker) return { ms: 0, measured: true };
  const measured = runs.find((r) => r.preset === preset && typeof r.timing?.rerankerMs === 'number')?.timing?.rerankerMs;
  return typeof measured === 'number' ? { ms: measured, measured: true } : { ms: GUESS_RERANKER_MS, measured: false };
}

export function estimateRun(input: EstimateInput): RunEstimate {
  const { config } = input;
  const run = measuredRun(input);
  const stepsPerSecond = run ? (run.steps * 1000) / run.elapsedMs : null;
  const limitMs = config.maxMinutes > 0 ? config.maxMinutes * 60_000 : null;
  const toMaxStepsMs = stepsPerSecond ? (config.maxSteps / stepsPerSecond) * 1000 : null;
  const byTime = limitMs !== null && (toMaxStepsMs === null || limitMs < toMaxStepsMs);

  const prepared = input.runs.filter((r) => typeof r.timing?.prepareMs === 'number');
  const preparedRun = prepared.find((r) => r.preset === input.preset) ?? null;
  const prepareMs = preparedRun?.timing?.prepareMs
    ?? (input.pairs !== null ? GUESS_PREPARE_BASE_MS + input.pairs * GUESS_PREPARE_PER_PAIR_MS : GUESS_PREPARE_UNKNOWN_MS);
  const measuredEvaluation = run?.timing?.evaluationMs ?? null;
  const evaluationMs = measuredEvaluation ?? GUESS_EVALUATION_BASE_MS + config.evalSamples * GUESS_EVALUATION_PER_SAMPLE_MS;
  const reranker = rerankerTime(config, input.preset, input.runs);

  return {
    limitedBy: byTime ? 'time' : 'steps',
    trainingMs: byTime ? limitMs : toMaxStepsMs,
    steps: byTime ? (stepsPerSecond && limitMs ? Math.min(config.maxSteps, Math.round((stepsPerSecond * limitMs) / 1000)) : null) : config.maxSteps,
    stepsPerSecond,
    measuredOn: run?.name ?? null,
    // A run listed without its config: judge by whether the form changed the preset's model or batch.
    settingsDiffer: run !== null && (run.config ? !sameShape(config, run.config) : 'model' in input.overrides || 'batchSize' in input.overrides),
    prepareMs,
    prepareMeasured: preparedRun !== null,
    finalEvaluationMs: byTime ? evaluationMs : 0,
    evaluationMeasured: measuredEvaluation !== null,
    rerankerMs: reranker.ms,
    rerankerMeasured: reranker.measured,
  };
}

/** "about 2 min", "about 40 s": estimates are not read to the second. */
export function roughly(ms: number): string {
  if (ms < 60_000) return `about ${Math.max(5, Math.round(ms / 5_000) * 5)} s`;
  if (ms < 3 * 3_600_000) return `about ${Math.round(ms / 60_000)} min`;
  return `about ${formatDuration(Math.round(ms / 300_000) * 300_000)}`;
}

function minutes(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : roughly(ms);
}

/** "prepare", "prepare and evaluate", "prepare, evaluate and tune the reranker". */
function phases(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
}

/** The estimate in two sentences: what it takes, then how many steps and where the numbers come from. */
export function describeEstimate(e: RunEstimate, preset: string): { total: string; basis: string } {
  const overheadMs = e.prepareMs + e.finalEvaluationMs + e.rerankerMs;
  const done = ['prepare', ...(e.finalEvaluationMs > 0 ? ['evaluate'] : []), ...(e.rerankerMs > 0 ? ['tune the reranker'] : [])];
  const overhead = `${roughly(overheadMs)} to ${phases(done)}`;
  const total = e.trainingMs === null
    ? `${e.steps?.toLocaleString('en-US')} steps of training + ${overhead}.`
    : `${e.limitedBy === 'time' ? minutes(e.trainingMs) : roughly(e.trainingMs)} of training + ${overhead}, ${roughly(e.trainingMs + overheadMs)} in all.`;
  const guesses = [
    !e.prepareMeasured && 'prepare', !e.evaluationMeasured && e.finalEvaluationMs > 0 && 'evaluate', !e.rerankerMeasured && e.rerankerMs > 0 && 'tune the reranker',
  ].filter((g): g is string => typeof g === 'string');
  const guessNote = guesses.length ? ` The time to ${phases(guesses)} is a guess.` : '';
  if (e.stepsPerSecond === null) {
    const unknown = e.limitedBy === 'time' ? 'Steps in that time' : 'Time per step';
    return { total, basis: `${unknown}: known once it starts (no “${preset}” run on this machine yet).${guessNote}` };
  }
  const speed = `the ${e.stepsPerSecond.toFixed(e.stepsPerSecond < 10 ? 1 : 0)} steps/s that “${e.measuredOn}” showed here`;
  const steps = `${e.limitedBy === 'time' ? 'About ' : ''}${e.steps?.toLocaleString('en-US')} steps, at ${speed}`;
  const differ = e.settingsDiffer ? '; a guess, as that run had another model or batch size' : '';
  return { total, basis: `${steps}${differ}.${guessNote}` };
}
