/* Inverted-dropout masks from mulberry32, the same stream as dropout-mask.ts's JS kernel, so the
 * same seed gives the same mask bits on either. mulberry32's state after k draws is
 * seed + k·0x6d2b79f5, so any draw can be computed from its index: the loop has no carried
 * state and vectorises, and threads start anywhere. Draw k decides elements 2k (low 16 bits)
 * and 2k + 1 (high 16 bits). */
#include "studio-kernels.h"

STUDIO_CLONES static void mask_pairs(float *out, int64_t n, uint32_t threshold, float kept, uint32_t seed, int64_t first_pair, int64_t last_pair) {
  /* Whole pairs here; an odd last element is written by the caller. */
  const int64_t whole = n / 2 < last_pair ? n / 2 : last_pair;
#pragma omp simd
  for (int64_t k = first_pair; k < whole; k++) {
    const uint32_t state = seed + (uint32_t)(k + 1) * 0x6d2b79f5u;
    uint32_t t = (state ^ (state >> 15)) * (1u | state);
    t = (t + (t ^ (t >> 7)) * (61u | t)) ^ t;
    t ^= t >> 14;
    out[2 * k] = (t & 0xffffu) < threshold ? 0.0f : kept;
    out[2 * k + 1] = (t >> 16) < threshold ? 0.0f : kept;
  }
}

/* out [n] = 0 where a 16-bit half-draw is below `threshold`, else `kept` (1 / (1 − rate)). */
STUDIO_EXPORT void studio_dropout_mask(float *out, int n, int threshold, float kept, uint32_t seed) {
  const int64_t pairs = ((int64_t)n + 1) / 2;
#pragma omp parallel if (n >= STUDIO_PARALLEL_MIN)
  {
    int64_t first, last;
    studio_share(pairs, 8, &first, &last);
    mask_pairs(out, n, (uint32_t)threshold, kept, seed, first, last);
  }
  if (n % 2) {
    const uint32_t state = seed + (uint32_t)pairs * 0x6d2b79f5u;
    uint32_t t = (state ^ (state >> 15)) * (1u | state);
    t = (t + (t ^ (t >> 7)) * (61u | t)) ^ t;
    t ^= t >> 14;
    out[n - 1] = (t & 0xffffu) < (uint32_t)threshold ? 0.0f : kept;
  }
}
