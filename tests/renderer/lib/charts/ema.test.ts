// The loss smoothing: identity at 0, debiased start (a constant stays constant), values checked
// against the recurrence worked by hand, non-finite values passed through without harm.
import { describe, expect, it } from 'vitest';
import { emaSmooth } from '../../../../src/renderer/lib/charts/ema';

describe('emaSmooth', () => {
  it('returns the values unchanged at smoothing 0', () => {
    expect(emaSmooth([3, 1, 4, 1, 5], 0)).toEqual([3, 1, 4, 1, 5]);
  });

  it('keeps a constant series constant (the zero start is debiased)', () => {
    for (const v of emaSmooth([2, 2, 2, 2], 0.9)) expect(v).toBeCloseTo(2, 12);
  });

  it('matches the debiased recurrence computed by hand', () => {
    // s = 0.5: m1 = 0.5 → 0.5/0.5 = 1; m2 = 0.25 + 1 = 1.25 → 1.25/0.75; m3 = 0.625 + 1.5 = 2.125 → 2.125/0.875
    const out = emaSmooth([1, 2, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(out[2]).toBeCloseTo(2.125 / 0.875, 12);
  });

  it('lags behind a step change more with more smoothing', () => {
    const values = [...Array(10).fill(0), ...Array(10).fill(1)];
    const light = emaSmooth(values, 0.3)[12];
    const heavy = emaSmooth(values, 0.9)[12];
    expect(light).toBeGreaterThan(heavy);
    expect(heavy).toBeGreaterThan(0);
    expect(light).toBeLessThan(1);
  });

  it('passes NaN and Infinity through without disturbing later values', () => {
    const out = emaSmooth([1, Number.NaN, 1, Number.POSITIVE_INFINITY, 1], 0.8);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[3]).toBe(Number.POSITIVE_INFINITY);
    expect(out[4]).toBeCloseTo(1, 12);
  });

  it('treats a bad smoothing value as none', () => {
    expect(emaSmooth([1, 5], Number.NaN)).toEqual([1, 5]);
  });
});
