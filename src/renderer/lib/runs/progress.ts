// Where a run stands: step out of maxSteps, speed and an ETA from the recent pace (not the
// average since the start, which warm-up and evaluations distort), bounded by maxMinutes.
import type { StepPoint } from '../../../shared/api/types';

export interface Progress {
  step: number;
  maxSteps: number;
  /** 0..1 */
  fraction: number;
  elapsedMs: number;
  /** Time left, or null until there is a pace to measure. */
  remainingMs: number | null;
  targetTokensPerSecond: number | null;
  stepsPerSecond: number | null;
}

/** Pace over the last `windowMs` of training time. */
export function progressOf(steps: readonly StepPoint[], maxSteps: number, maxMinutes = 0, windowMs = 30_000): Progress {
  const last = steps.length > 0 ? steps[steps.length - 1] : null;
  const step = last?.step ?? 0;
  const elapsedMs = last?.elapsedMs ?? 0;
  let stepsPerSecond: number | null = null;
  if (last) {
    let i = steps.length - 1;
    while (i > 0 && last.elapsedMs - steps[i - 1].elapsedMs <= windowMs) i--;
    const first = steps[i];
    const dt = last.elapsedMs - first.elapsedMs;
    if (dt > 0 && last.step > first.step) stepsPerSecond = ((last.step - first.step) * 1000) / dt;
  }
  let remainingMs: number | null = stepsPerSecond ? ((Math.max(0, maxSteps - step)) / stepsPerSecond) * 1000 : null;
  if (maxMinutes > 0) {
    const byClock = Math.max(0, maxMinutes * 60_000 - elapsedMs);
    remainingMs = remainingMs === null ? byClock : Math.min(remainingMs, byClock);
  }
  return {
    step,
    maxSteps,
    fraction: maxSteps > 0 ? Math.min(1, step / maxSteps) : 0,
    elapsedMs,
    remainingMs,
    targetTokensPerSecond: last ? last.targetTokensPerSecond : null,
    stepsPerSecond,
  };
}
