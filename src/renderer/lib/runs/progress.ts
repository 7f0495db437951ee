// Where a run stands: step out of maxSteps, speed and an ETA from the recent pace (not the
// average since the start, which warm-up and evaluations distort), bounded by maxMinutes. A run
// that stops on its time limit is measured against the clock, not its (huge) maxSteps, and every
// run ends with one more evaluation after its last step (src/ml/train/trainer.ts), so the ETA
// includes one once an evaluation of this run has shown how long it takes, and whatever the run
// does after training (tuning its reranker) when the caller knows how long that takes.
import type { StepPoint } from '../../../shared/api/types';

export interface Progress {
  step: number;
  maxSteps: number;
  /** 0..1: of the steps, or of the time limit when that is what will stop the run. */
  fraction: number;
  elapsedMs: number;
  /** Time left, final evaluation included when measured; null until there is a pace to measure. */
  remainingMs: number | null;
  targetTokensPerSecond: number | null;
  /** Training steps per second, evaluations left out. */
  stepsPerSecond: number | null;
  /** What will stop the run: its maxSteps, or its time limit (maxMinutes). */
  limitedBy: 'steps' | 'time';
  /** The step the run will end at: maxSteps, or where the time limit falls at this pace; null without a pace. */
  expectedSteps: number | null;
  /** How long one evaluation of this run takes (the median so far); null before the first. */
  evaluationMs: number | null;
  /** Work after the last step and its evaluation that the ETA includes (ProgressOptions.afterTrainingMs). */
  afterTrainingMs: number;
}

export interface ProgressOptions {
  /** The run's evaluations so far: how long they take, and which step intervals they interrupted. */
  evaluations?: readonly { step: number; elapsedMs: number }[];
  /** Steps between evaluations (config.evalEvery). */
  evalEvery?: number;
  /** The pace is measured over this much recent training time. */
  windowMs?: number;
  /** Work after training, e.g. tuning the reranker (measured on an earlier run, or a guess). */
  afterTrainingMs?: number;
}

/** Each evaluation's duration: its elapsedMs minus that of the step it follows. */
export function evaluationDurations(steps: readonly StepPoint[], evaluations: readonly { step: number; elapsedMs: number }[]): number[] {
  const at = new Map(steps.map((p) => [p.step, p.elapsedMs]));
  const out: number[] = [];
  for (const e of evaluations) {
    const before = at.get(e.step);
    if (before !== undefined && Number.isFinite(e.elapsedMs) && e.elapsedMs >= before) out.push(e.elapsedMs - before);
  }
  return out;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Steps per second over the last `windowMs`, leaving out the intervals an evaluation ran in. */
function recentPace(steps: readonly StepPoint[], evaluated: ReadonlySet<number>, windowMs: number): number | null {
  const last = steps.at(-1);
  if (!last) return null;
  let stepsDone = 0;
  let time = 0;
  for (let i = steps.length - 1; i > 0 && last.elapsedMs - steps[i - 1].elapsedMs <= windowMs; i--) {
    if (evaluated.has(steps[i - 1].step)) continue;
    stepsDone += steps[i].step - steps[i - 1].step;
    time += steps[i].elapsedMs - steps[i - 1].elapsedMs;
  }
  return time > 0 && stepsDone > 0 ? (stepsDone * 1000) / time : null;
}

/** Evaluations still to come up to maxSteps: one every evalEvery steps, and one at the last step. */
function evaluationsLeft(step: number, maxSteps: number, evalEvery: number): number {
  if (step >= maxSteps) return 0;
  const between = evalEvery > 0 ? Math.floor((maxSteps - 1) / evalEvery) - Math.floor(step / evalEvery) : 0;
  return Math.max(0, between) + 1;
}

export function progressOf(steps: readonly StepPoint[], maxSteps: number, maxMinutes = 0, options: ProgressOptions = {}): Progress {
  const last = steps.at(-1) ?? null;
  const step = last?.step ?? 0;
  const evaluations = options.evaluations ?? [];
  // An evaluation after the last step has used the clock too.
  const lastEvaluation = evaluations.at(-1);
  const elapsedMs = Math.max(last?.elapsedMs ?? 0, lastEvaluation && lastEvaluation.step === step ? lastEvaluation.elapsedMs : 0);
  const evalEvery = options.evalEvery ?? 0;
  const evaluationMs = median(evaluationDurations(steps, evaluations));
  const evalCost = evaluationMs ?? 0;
  const after = options.afterTrainingMs ?? 0;
  const stepsPerSecond = recentPace(steps, new Set(evaluations.map((e) => e.step)), options.windowMs ?? 30_000);

  // Time to reach maxSteps, the evaluations on the way (not the last) included.
  const evalsLeft = evaluationsLeft(step, maxSteps, evalEvery);
  const toMaxSteps = stepsPerSecond ? (Math.max(0, maxSteps - step) / stepsPerSecond) * 1000 + Math.max(0, evalsLeft - 1) * evalCost : null;
  const clockLeft = maxMinutes > 0 ? Math.max(0, maxMinutes * 60_000 - elapsedMs) : null;

  let limitedBy: Progress['limitedBy'] = 'steps';
  let remainingMs: number | null = null;
  let expectedSteps: number | null = stepsPerSecond ? maxSteps : null;
  if (clockLeft !== null && (toMaxSteps === null || clockLeft < toMaxSteps)) {
    limitedBy = 'time';
    remainingMs = clockLeft + evalCost + after;
    if (stepsPerSecond) {
      const perStepMs = 1000 / stepsPerSecond + (evalEvery > 0 ? evalCost / evalEvery : 0);
      expectedSteps = Math.min(maxSteps, step + Math.floor(clockLeft / perStepMs));
    }
  } else if (toMaxSteps !== null) {
    remainingMs = toMaxSteps + (evalsLeft > 0 ? evalCost : 0) + after;
  }
  const fraction = limitedBy === 'time' ? Math.min(1, elapsedMs / (maxMinutes * 60_000)) : maxSteps > 0 ? Math.min(1, step / maxSteps) : 0;
  return {
    step,
    maxSteps,
    fraction,
    elapsedMs,
    remainingMs,
    targetTokensPerSecond: last ? last.targetTokensPerSecond : null,
    stepsPerSecond,
    limitedBy,
    expectedSteps,
    evaluationMs,
    afterTrainingMs: after,
  };
}
