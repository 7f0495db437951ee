// binsOf: contiguous integer-edged bins that count every value once, at most maxBins of them, and
// a long tail (past the 99.5th percentile, or past `cap`) folded into one open last bin.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binsOf, isOpenBin, rangeLabel, type HistogramBin } from '../../../src/shared/dataset/histogram-bins';

function expectWellFormed(bins: HistogramBin[], values: number[]): void {
  expect(bins.reduce((sum, b) => sum + b.count, 0)).toBe(values.length);
  for (const [i, b] of bins.entries()) {
    expect(Number.isInteger(b.from)).toBe(true);
    if (i < bins.length - 1) {
      expect(Number.isInteger(b.to)).toBe(true);
      expect(b.to).toBeGreaterThan(b.from);
      expect(bins[i + 1].from).toBe(b.to);
    }
  }
  for (const v of values) {
    const holder = bins.filter((b) => v >= b.from && v < b.to);
    expect(holder).toHaveLength(1);
  }
}

describe('binsOf', () => {
  it('has no bins for no values, and ignores values that are not finite', () => {
    expect(binsOf([])).toEqual([]);
    expect(binsOf([Number.NaN, Infinity])).toEqual([]);
    expect(binsOf([3, Number.NaN]).reduce((s, b) => s + b.count, 0)).toBe(1);
  });

  it('counts each value once in [from, to) bins with integer edges', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i * 37) % 101);
    const bins = binsOf(values);
    expectWellFormed(bins, values);
    expect(bins[0].from).toBe(0);
    expect(bins.length).toBeLessThanOrEqual(30);
    expect(bins.some(isOpenBin)).toBe(false);
  });

  it('puts a value on an edge in the bin it starts, and keeps one-value data in one bin', () => {
    const bins = binsOf([0, 10, 10, 20], { maxBins: 3 });
    expectWellFormed(bins, [0, 10, 10, 20]);
    expect(binsOf([7, 7, 7])).toEqual([{ from: 7, to: 8, count: 3 }]);
    expect(binsOf([-1, 0], { maxBins: 1 })).toEqual([{ from: -1, to: 1, count: 2 }]);
  });

  it('folds a long tail into an open last bin drawn from the 99.5th percentile', () => {
    const values = [...Array.from({ length: 2000 }, (_, i) => i % 50), 900, 5000];
    const bins = binsOf(values);
    expectWellFormed(bins, values);
    const last = bins[bins.length - 1];
    expect(last.to).toBe(Infinity);
    expect(last.count).toBe(2);
    expect(last.from).toBeLessThanOrEqual(60);
    expect(bins.filter(isOpenBin)).toHaveLength(1);
  });

  it('keeps a short tail in ordinary bins', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i % 100);
    expect(binsOf(values).some(isOpenBin)).toBe(false);
  });

  it('starts the open bin at the first edge above `cap`, and only when some value is above it', () => {
    const values = Array.from({ length: 300 }, (_, i) => i);
    const bins = binsOf(values, { cap: 100, maxBins: 12 });
    expectWellFormed(bins, values);
    const open = bins[bins.length - 1];
    expect(open.to).toBe(Infinity);
    expect(open.from).toBeGreaterThan(100);
    expect(bins.length).toBeLessThanOrEqual(12);
    expect(binsOf(values, { cap: 1000 }).some(isOpenBin)).toBe(false);
    // A cap below every value still leaves the smallest value its own bin.
    const high = binsOf([50, 60], { cap: 10 });
    expectWellFormed(high, [50, 60]);
    expect(high).toEqual([{ from: 50, to: 51, count: 1 }, { from: 51, to: Infinity, count: 1 }]);
  });

  it('stays well formed for any values, bin budget and cap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 100_000 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        fc.option(fc.integer({ min: -100, max: 1000 }), { nil: undefined }),
        (values, maxBins, cap) => {
          const bins = binsOf(values, { maxBins, cap });
          expect(bins.length).toBeLessThanOrEqual(maxBins);
          expectWellFormed(bins, values);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('rangeLabel', () => {
  it('names a range by its edges, and an open one by its start', () => {
    expect(rangeLabel([12, 16])).toBe('12–16');
    expect(rangeLabel([1000, 1200])).toBe('1,000–1,200');
    expect(rangeLabel([520, Infinity])).toBe('≥ 520');
  });
});
