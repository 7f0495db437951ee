// The table-driven e^x for x ≤ 0 used by the fused cross-entropy, against Math.exp.
import { describe, expect, it } from 'vitest';
import { expNonPositive } from '../../../src/ml/kernels/exp-non-positive';
import { SeededRandom } from '../../../src/shared/random/seeded-random';

const relativeError = (x: number) => Math.abs(expNonPositive(x) - Math.exp(x)) / Math.exp(x);

describe('expNonPositive', () => {
  it('has relative error < 1e-12 on 200 000 random points in [-103, 0]', () => {
    const rng = new SeededRandom(42);
    let worst = 0;
    let worstAt = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = -103 * rng.next();
      const error = relativeError(x);
      if (!(error <= worst)) [worst, worstAt] = [error, x]; // also catches NaN
    }
    expect(worst, `worst at x = ${worstAt}`).toBeLessThan(1e-12);
  });

  it('is accurate on a regular grid, near 0, at the table boundaries and at the edge of the range', () => {
    const step = Math.LN2 / 64; // one table entry
    const points = [
      ...Array.from({ length: 10_301 }, (_, i) => -i / 100), // 0, -0.01, …, -103
      ...Array.from({ length: 400 }, (_, i) => -(i + 0.5) * step), // half-way between entries (largest |r|)
      ...Array.from({ length: 400 }, (_, i) => -(i + 0.5) * step + 1e-12),
      ...Array.from({ length: 149 }, (_, i) => -i * 64 * step), // whole powers of 2 down to -148 ln 2 ≈ -102.6
      -1e-300, -5e-324, -1e-10, -Math.LN2, -100 * Math.LN2, -103.999, -104,
    ];
    for (const x of points) {
      const error = relativeError(x);
      if (!(error < 1e-12)) throw new Error(`relative error ${error} at x = ${x}`);
    }
  });

  it('is exactly 1 at 0 (and at -0)', () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
  });

  it('is exactly 0 below -104 (under float32 range) and positive at -104', () => {
    for (const x of [-104.0000001, -104.5, -200, -1e6, -Number.MAX_VALUE, -Infinity]) expect(expNonPositive(x)).toBe(0);
    expect(expNonPositive(-104)).toBeGreaterThan(0);
    expect(Math.fround(expNonPositive(-104))).toBe(0); // so the cut-off loses nothing in float32
  });

  it('is monotonic (non-increasing as x decreases) on a sorted sample, across table boundaries', () => {
    const rng = new SeededRandom(7);
    const xs = Array.from({ length: 100_000 }, () => -104 * rng.next());
    // Add pairs of very close points straddling each of the first table boundaries.
    const step = Math.LN2 / 64;
    for (let i = 0; i < 500; i++) xs.push(-(i + 0.5) * step - 1e-13, -(i + 0.5) * step + 1e-13);
    xs.sort((a, b) => b - a); // 0 → -104
    let previous = expNonPositive(0);
    for (const x of xs) {
      const y = expNonPositive(x);
      if (y > previous) throw new Error(`not monotonic: exp(${x}) = ${y} > ${previous}`);
      previous = y;
    }
  });
});
