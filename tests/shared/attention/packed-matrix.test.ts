// Matrices packed for the wire come back with the same shape and float32 values, and a damaged
// message is refused rather than drawn wrong.
import { describe, expect, it } from 'vitest';
import { matrix } from '../../../src/shared/attention/matrix';
import { packMatrix, unpackMatrix } from '../../../src/shared/attention/packed-matrix';

describe('packed matrices', () => {
  it('round-trips shape and values at float32 precision, however large', () => {
    const values = Array.from({ length: 300 * 200 }, (_, i) => Math.sin(i) ** 2);
    const back = unpackMatrix(packMatrix(matrix(300, 200, values)));
    expect([back.rows, back.cols]).toEqual([300, 200]);
    expect(back.values).toHaveLength(60_000);
    back.values.forEach((v, i) => expect(Math.abs(v - values[i])).toBeLessThan(1e-7));
    expect(unpackMatrix(packMatrix(matrix(0, 0, []))).values).toEqual([]);
  });

  it('refuses data that does not hold rows × cols values', () => {
    const packed = packMatrix(matrix(2, 2, [1, 0, 0.5, 0.5]));
    expect(() => unpackMatrix({ ...packed, rows: 3 })).toThrow(/a 3×2 matrix needs 6 values, got 4/);
    expect(() => unpackMatrix({ ...packed, float32: btoa('abcde') })).toThrow(/5 bytes/);
  });
});
