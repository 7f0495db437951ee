/* Layer normalisation forward and backward (layer-norm.ts has the maths and the JS version).
 * Rows are split between threads; within a row the sums are vectorised double accumulations
 * and the element arithmetic is in double, as in JS, so results differ from the JS kernel only
 * by the order of the row sums. R rows · D width. */
#include <math.h>
#include <stdlib.h>
#include "studio-kernels.h"

STUDIO_CLONES static void forward_rows(const float *x, const float *gain, const float *bias, int width, double epsilon, float *y, float *x_hat, float *rstd, int64_t first, int64_t last) {
  for (int64_t r = first; r < last; r++) {
    const float *xr = x + r * width;
    float *yr = y + r * width, *nr = x_hat + r * width;
    double sum = 0;
#pragma omp simd reduction(+ : sum)
    for (int j = 0; j < width; j++) sum += xr[j];
    const double mean = sum / width;
    double squares = 0;
#pragma omp simd reduction(+ : squares)
    for (int j = 0; j < width; j++) {
      const double d = xr[j] - mean;
      squares += d * d;
    }
    const double scale = 1 / sqrt(squares / width + epsilon);
    rstd[r] = (float)scale;
#pragma omp simd
    for (int j = 0; j < width; j++) {
      const double n = (xr[j] - mean) * scale;
      nr[j] = (float)n;
      yr[j] = (float)(n * gain[j] + bias[j]);
    }
  }
}

/* x [R·D], γ, β [D] → y [R·D], x̂ [R·D], rstd [R] */
STUDIO_EXPORT void studio_layer_norm(const float *x, const float *gain, const float *bias, int rows, int width, double epsilon, float *y, float *x_hat, float *rstd) {
#pragma omp parallel if ((int64_t)rows * width >= STUDIO_PARALLEL_MIN)
  {
    int64_t first, last;
    studio_share(rows, 1, &first, &last);
    forward_rows(x, gain, bias, width, epsilon, y, x_hat, rstd, first, last);
  }
}

/* dx for rows [first, last); Σ dy·x̂ and Σ dy per column added into d_gain, d_bias (double). */
STUDIO_CLONES static void backward_rows(const float *dy, const float *x_hat, const float *rstd, const float *gain, int width, float *dx, double *d_gain, double *d_bias, int64_t first, int64_t last) {
  for (int64_t r = first; r < last; r++) {
    const float *gr = dy + r * width, *nr = x_hat + r * width;
    float *dxr = dx + r * width;
    double mean_d = 0, mean_dx = 0;
#pragma omp simd reduction(+ : mean_d, mean_dx)
    for (int j = 0; j < width; j++) {
      const double d = (double)gr[j] * gain[j];
      mean_d += d;
      mean_dx += d * nr[j];
    }
#pragma omp simd
    for (int j = 0; j < width; j++) {
      d_gain[j] += (double)gr[j] * nr[j];
      d_bias[j] += gr[j];
    }
    mean_d /= width;
    mean_dx /= width;
    const double scale = rstd[r];
#pragma omp simd
    for (int j = 0; j < width; j++) dxr[j] = (float)(scale * ((double)gr[j] * gain[j] - mean_d - nr[j] * mean_dx));
  }
}

/* dy, x̂ [R·D], rstd [R], γ [D] → dx [R·D], dγ [D], dβ [D]. Returns 0, or -1 when out of memory. */
STUDIO_EXPORT int studio_layer_norm_grad(const float *dy, const float *x_hat, const float *rstd, const float *gain, int rows, int width, float *dx, float *d_gain, float *d_bias) {
  const int parallel = (int64_t)rows * width >= STUDIO_PARALLEL_MIN;
#ifdef _OPENMP
  const int threads = parallel ? omp_get_max_threads() : 1;
#else
  const int threads = 1;
#endif
  /* One column-sum buffer per thread ([threads][2][D]), added up after the rows. */
  const size_t partial_count = (size_t)threads * 2 * (size_t)width;
  double *partial = calloc(partial_count ? partial_count : 1, sizeof(double));
  if (!partial) return -1;
  int used = 1;
#pragma omp parallel if (parallel) num_threads(threads)
  {
    int64_t first, last;
    studio_share(rows, 1, &first, &last);
#ifdef _OPENMP
    const int thread = omp_get_thread_num();
#pragma omp single nowait
    used = omp_get_num_threads();
#else
    const int thread = 0;
#endif
    double *mine = partial + (size_t)thread * 2 * width;
    backward_rows(dy, x_hat, rstd, gain, width, dx, mine, mine + width, first, last);
  }
  for (int j = 0; j < width; j++) {
    double g = 0, b = 0;
    for (int t = 0; t < used; t++) {
      g += partial[(size_t)t * 2 * width + j];
      b += partial[(size_t)t * 2 * width + width + j];
    }
    d_gain[j] = (float)g;
    d_bias[j] = (float)b;
  }
  free(partial);
  return 0;
}
