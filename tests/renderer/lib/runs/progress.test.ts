// The ETA of a running run: a time-limited run (the CoNaLa recipe: 60 min, maxSteps 100,000) is
// measured against its clock, not its steps, and every run's ETA holds the evaluation it ends with
// once one has shown how long it takes; evaluations do not slow the measured pace of steps.
import { describe, expect, it } from 'vitest';
import { evaluationDurations, progressOf } from '../../../../src/renderer/lib/runs/progress';
import { stepPoint } from '../../fake-client';

/** `count` steps at 2 per second (500 ms each), with an evaluation of `evalMs` after every `evalEvery`-th. */
function run(count: number, evalEvery: number, evalMs: number) {
  const steps = [];
  const evaluations = [];
  let t = 0;
  for (let step = 1; step <= count; step++) {
    t += 500;
    steps.push(stepPoint(step, { elapsedMs: t }));
    if (step % evalEvery === 0) {
      t += evalMs;
      evaluations.push({ step, elapsedMs: t });
    }
  }
  return { steps, evaluations };
}

describe('progressOf for a time-limited run', () => {
  it('goes by the clock: fraction of the time limit, steps expected by then, the final evaluation in the ETA', () => {
    const { steps, evaluations } = run(1000, 100, 20_000); // 500 s of steps + 10 evaluations of 20 s = 700 s
    const p = progressOf(steps, 100_000, 60, { evaluations, evalEvery: 100 });
    expect(p.limitedBy).toBe('time');
    expect(p.elapsedMs).toBe(700_000);
    expect(p.fraction).toBeCloseTo(700 / 3600, 6);
    expect(p.stepsPerSecond).toBeCloseTo(2, 6); // evaluations left out of the pace
    expect(p.evaluationMs).toBe(20_000);
    expect(p.remainingMs).toBe(3_600_000 - 700_000 + 20_000);
    // 2,900 s left at 0.5 s a step plus 20 s per 100 steps: 0.7 s a step.
    expect(p.expectedSteps).toBe(1000 + Math.floor(2_900_000 / 700));
  });

  it('before any evaluation it says the clock and nothing more; before any step, the whole limit', () => {
    const { steps } = run(50, 100, 0);
    const p = progressOf(steps, 100_000, 60, { evaluations: [], evalEvery: 500 });
    expect(p.evaluationMs).toBeNull();
    expect(p.remainingMs).toBe(3_600_000 - 25_000);
    expect(progressOf([], 100_000, 60).remainingMs).toBe(3_600_000);
    expect(progressOf([], 100_000, 60).fraction).toBe(0);
  });

  it('ends by its steps when they come first: the evaluations on the way and the last one counted', () => {
    const { steps, evaluations } = run(200, 100, 10_000); // 120 s so far, 800 steps and 8 evaluations to go
    const p = progressOf(steps, 1000, 60, { evaluations, evalEvery: 100 });
    expect(p.limitedBy).toBe('steps');
    expect(p.fraction).toBeCloseTo(0.2, 6);
    expect(p.expectedSteps).toBe(1000);
    expect(p.remainingMs).toBeCloseTo(800 * 500 + 8 * 10_000, 3);
  });
});

describe('progressOf with work after training', () => {
  it('adds it to the ETA whichever limit ends the run', () => {
    const { steps, evaluations } = run(1000, 100, 20_000);
    const byTime = progressOf(steps, 100_000, 60, { evaluations, evalEvery: 100, afterTrainingMs: 120_000 });
    expect(byTime.remainingMs).toBe(3_600_000 - 700_000 + 20_000 + 120_000);
    expect(byTime.afterTrainingMs).toBe(120_000);
    const bySteps = progressOf(steps, 1100, 0, { evaluations, evalEvery: 100, afterTrainingMs: 120_000 });
    expect(bySteps.remainingMs).toBeCloseTo(100 * 500 + 20_000 + 120_000, 3);
  });
});

describe('evaluationDurations', () => {
  it('is each evaluation minus the step it follows; an evaluation without its step is skipped', () => {
    expect(evaluationDurations([stepPoint(10, { elapsedMs: 1000 }), stepPoint(20, { elapsedMs: 5000 })], [{ step: 10, elapsedMs: 1800 }, { step: 15, elapsedMs: 3000 }, { step: 20, elapsedMs: 5400 }])).toEqual([800, 400]);
  });
});
