// Histogram bins for length statistics (description words, code tokens): integer edges on d3's
// nice tick steps, at most `maxBins` bins, and a long tail folded into one open last bin so a few
// huge pairs do not squash every other bar into the first pixel column.
//
// The open bin is { from: N, to: Infinity } and holds every value ≥ N, where N is the first bin
// edge above the cut: `cap` when given (so every value ≤ cap stays in an ordinary bin, and values
// a little above it may share the last one), otherwise the 99.5th percentile, but only when the
// values past it would stretch the axis by more than a quarter. JSON turns Infinity into null:
// test a bin with isOpenBin, which reads both as open.

import { bisectLeft, quantileSorted, thresholdSturges, tickStep } from 'd3-array';

export interface HistogramBin {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge; Infinity for the open last bin. */
  to: number;
  count: number;
}

export interface BinOptions {
  /** Most bins, the open one included (default 30). */
  maxBins?: number;
  /**
   * Values above this go to the open last bin (a cap below every value acts as the smallest one);
   * by default the 99.5th percentile may start it.
   */
  cap?: number;
}

const TAIL_QUANTILE = 0.995;
/** How much wider than the percentile's range the full range must be before the tail is folded. */
const LONG_TAIL = 1.25;

export function isOpenBin(bin: { to: number | null }): boolean {
  return !Number.isFinite(bin.to);
}

/** "12–16" for [12, 16), "≥ 520" for an open range. */
export function rangeLabel([from, to]: readonly [number, number]): string {
  return Number.isFinite(to) ? `${number(from)}–${number(to)}` : `≥ ${number(from)}`;
}

export function binsOf(values: ArrayLike<number>, options: BinOptions = {}): HistogramBin[] {
  // One sort serves the quantiles and the counts: d3's bin() and quantile() copy the values on
  // every call, which made this several times slower on a few hundred thousand pairs.
  const sorted = finiteValues(values).sort();
  const n = sorted.length;
  if (n === 0) return [];
  const maxBins = Math.max(1, Math.floor(options.maxBins ?? 30));
  const lo = Math.floor(sorted[0]);
  const cut = maxBins > 1 ? tailCut(sorted, lo, options.cap) : null;
  const top = cut === null ? sorted[n - 1] : Math.max(lo, cut);
  const budget = cut === null ? maxBins : maxBins - 1;

  const target = Math.min(budget, Math.max(thresholdSturges(sorted), freedmanDiaconis(sorted, lo, top)));
  let step = Math.max(1, tickStep(lo, top + 1, target));
  let start = edgeBelow(lo, step);
  while (edgeAbove(top, step) - start > budget * step) {
    // Values either side of a multiple of every step (e.g. -1 and 0) never fit one aligned bin.
    if (step > top - lo) {
      start = lo;
      break;
    }
    step = nextNiceStep(step);
    start = edgeBelow(lo, step);
  }

  const out: HistogramBin[] = [];
  let counted = 0;
  for (let from = start; from <= top; from += step) {
    const upto = bisectLeft(sorted, from + step);
    out.push({ from, to: from + step, count: upto - counted });
    counted = upto;
  }
  if (counted < n) out.push({ from: out[out.length - 1].to, to: Infinity, count: n - counted });
  return out;
}

function finiteValues(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[n++] = values[i];
  return out.subarray(0, n);
}

/** Where the ordinary bins may end (the open bin starts at the next edge), or null for no tail. */
function tailCut(sorted: Float64Array, lo: number, cap: number | undefined): number | null {
  const max = sorted[sorted.length - 1];
  if (cap !== undefined && Number.isFinite(cap)) return max > cap ? Math.floor(cap) : null;
  const p = quantileOf(sorted, TAIL_QUANTILE);
  return max - lo > LONG_TAIL * (p - lo) ? Math.floor(p) : null;
}

/** d3's thresholdFreedmanDiaconis, on values already sorted. */
function freedmanDiaconis(sorted: Float64Array, lo: number, top: number): number {
  const iqr = quantileOf(sorted, 0.75) - quantileOf(sorted, 0.25);
  return iqr > 0 ? Math.ceil((top - lo) / (2 * iqr * sorted.length ** (-1 / 3))) : 1;
}

/** d3's quantileSorted reads a typed array fine; only its types ask for an Array. */
const quantileOf = (sorted: Float64Array, p: number) => quantileSorted(sorted as unknown as number[], p) as number;

const edgeBelow = (value: number, step: number) => Math.floor(value / step) * step;
const edgeAbove = (value: number, step: number) => (Math.floor(value / step) + 1) * step;

/** 1 → 2 → 5 → 10 → 20 …: the next step of d3's tick ladder. */
function nextNiceStep(step: number): number {
  const power = 10 ** Math.floor(Math.log10(step));
  const digit = Math.round(step / power);
  return digit < 2 ? 2 * power : digit < 5 ? 5 * power : 10 * power;
}

function number(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
