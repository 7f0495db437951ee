// Exponential moving average for noisy training curves, debiased the way TensorBoard's smoothing
// slider is (so the first points are not dragged towards zero). Not a windowed mean.

/**
 * Smooths `values` with weight `smoothing` in [0, 1): 0 returns the values unchanged, 0.99 is very
 * smooth. Non-finite values (NaN, ±Infinity) pass through and do not disturb the average.
 */
export function emaSmooth(values: readonly number[], smoothing: number): number[] {
  const s = Number.isFinite(smoothing) ? Math.min(Math.max(smoothing, 0), 0.999) : 0;
  const out = new Array<number>(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * s + (1 - s) * v;
    count++;
    // 1 - s^count is the total weight the zero start has not yet received.
    const debias = s === 0 ? 1 : 1 - Math.pow(s, count);
    out[i] = last / debias;
  }
  return out;
}
