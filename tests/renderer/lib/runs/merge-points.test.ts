// Appending points that overlap (events during a load) or rewind (a run resumed from an earlier
// checkpoint), and the progress / ETA estimate.
import { describe, expect, it } from 'vitest';
import { appendSteps, upsertByStep } from '../../../../src/renderer/lib/runs/merge-points';
import { progressOf } from '../../../../src/renderer/lib/runs/progress';
import { stepPoint } from '../../fake-client';

const s = (...steps: number[]) => steps.map((step) => ({ step }));

describe('appendSteps', () => {
  it('appends newer points and returns a new array', () => {
    const current = s(1, 2);
    const out = appendSteps(current, s(3, 4));
    expect(out.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(current.map((p) => p.step)).toEqual([1, 2]);
    expect(out).not.toBe(current);
  });

  it('rewinds to a replayed step (resume from a checkpoint)', () => {
    expect(appendSteps(s(1, 2, 3, 4, 5), s(3, 4)).map((p) => p.step)).toEqual([1, 2, 3, 4]);
  });

  it('replaces an overlapping point instead of duplicating it', () => {
    expect(appendSteps(s(1, 2, 3), s(3, 4)).map((p) => p.step)).toEqual([1, 2, 3, 4]);
  });
});

describe('upsertByStep', () => {
  it('inserts in order and replaces a point of the same step', () => {
    const a = upsertByStep([{ step: 100, v: 1 }, { step: 300, v: 1 }], { step: 200, v: 2 });
    expect(a.map((p) => p.step)).toEqual([100, 200, 300]);
    const b = upsertByStep(a, { step: 200, v: 3 });
    expect(b.map((p) => p.v)).toEqual([1, 3, 1]);
  });
});

describe('progressOf', () => {
  it('measures the recent pace and the time left', () => {
    // 10 steps per second (100 ms each), 100 of 300 steps done.
    const steps = Array.from({ length: 100 }, (_, i) => stepPoint(i + 1));
    const p = progressOf(steps, 300);
    expect(p.step).toBe(100);
    expect(p.fraction).toBeCloseTo(1 / 3, 6);
    expect(p.stepsPerSecond).toBeCloseTo(10, 6);
    expect(p.remainingMs).toBeCloseTo(20_000, 3);
    expect(p.targetTokensPerSecond).toBe(1000);
  });

  it('uses only the recent window, not the slow start', () => {
    const slow = Array.from({ length: 10 }, (_, i) => stepPoint(i + 1, { elapsedMs: (i + 1) * 10_000 }));
    const fast = Array.from({ length: 400 }, (_, i) => stepPoint(11 + i, { elapsedMs: 100_000 + (i + 1) * 100 }));
    const p = progressOf([...slow, ...fast], 1000);
    expect(p.stepsPerSecond).toBeCloseTo(10, 1);
  });

  it('is bounded by maxMinutes and has no ETA before there is a pace', () => {
    expect(progressOf([], 300).remainingMs).toBeNull();
    expect(progressOf([stepPoint(1)], 300).remainingMs).toBeNull();
    const steps = [stepPoint(1, { elapsedMs: 0 }), stepPoint(2, { elapsedMs: 50_000 })];
    expect(progressOf(steps, 1_000_000, 1).remainingMs).toBe(10_000);
  });
});

describe('chart series', () => {
  it('plots scores on their 0–100 scale and validation loss at evaluation steps', async () => {
    const { lossSeries, metricSeries, compareSeries } = await import('../../../../src/renderer/lib/runs/chart-series');
    const { evaluation } = await import('../../fake-client');
    const evals = [evaluation(100, { bleu: 12.5, exactMatch: 4, syntaxValid: null }), evaluation(200, { bleu: 20, exactMatch: 8, syntaxValid: 90 })];
    const [bleu, exact, syntax] = metricSeries(evals);
    expect(bleu.points).toEqual([{ x: 100, y: 12.5 }, { x: 200, y: 20 }]);
    expect(exact.points.map((p) => p.y)).toEqual([4, 8]);
    expect(syntax.points).toEqual([{ x: 200, y: 90 }]);
    const steps = [stepPoint(1, { loss: 4 }), stepPoint(2, { loss: 2 })];
    const loss = lossSeries(steps, evals, 0.5);
    expect(loss.map((s) => s.id)).toEqual(['train-raw', 'train', 'validation']);
    expect(loss[1].points[1].y).toBeCloseTo((0.25 * 4 + 0.5 * 2) / 0.75, 12);
    expect(lossSeries(steps, [], 0).map((s) => s.id)).toEqual(['train', 'validation']);
    const compared = compareSeries(
      [{ id: 'a', name: 'A', steps, evaluations: evals }, { id: 'b', name: 'B', steps, evaluations: [] }],
      0,
      'validation',
    );
    expect(compared.loss.map((s) => [s.label, s.points.length])).toEqual([['A', 2], ['B', 0]]);
    expect(compared.bleu[0].color).not.toBe(compared.bleu[1].color);
  });
});
