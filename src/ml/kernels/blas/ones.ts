// A vector of ones for BLAS products that sum rows or columns (x · 1) or add a constant
// (a rank-1 update with 1 · 1ᵀ). JS-owned: koffi passes it to BLAS by pointer. Grown, never shrunk.
let ones = new Float32Array(0);

export function onesVector(length: number): Float32Array {
  if (ones.length < length) ones = new Float32Array(length).fill(1);
  return ones.subarray(0, length);
}
