/* One AdamW step for one parameter tensor (adam-update.ts has the JS version and the maths).
 * The arithmetic is the JS kernel's, operation for operation in double (compiled without FMA
 * contraction), so the results are the same bits; only split between threads and vectorised. */
#include <math.h>
#include "studio-kernels.h"

STUDIO_CLONES static void adam_range(const float *param, const float *grad, const float *m, const float *v, double beta1, double beta2, double epsilon, double step_size, double inverse_correction2, double decay, double gradient_scale, float *next_param, float *next_m, float *next_v, int64_t begin, int64_t end) {
  const double keep1 = 1 - beta1, keep2 = 1 - beta2;
#pragma omp simd
  for (int64_t i = begin; i < end; i++) {
    const double g = grad[i] * gradient_scale;
    const double mi = m[i] * beta1 + g * keep1;
    const double vi = v[i] * beta2 + g * g * keep2;
    next_m[i] = (float)mi;
    next_v[i] = (float)vi;
    const double p = param[i];
    next_param[i] = (float)(p - (step_size * mi) / (sqrt(vi * inverse_correction2) + epsilon) - decay * p);
  }
}

/* param, grad, m, v [n] → param', m', v' [n]; step_size = lr / (1 − β1^t), decay = lr · weight decay. */
STUDIO_EXPORT void studio_adam_update(const float *param, const float *grad, const float *m, const float *v, int n, double beta1, double beta2, double epsilon, double step_size, double inverse_correction2, double decay, double gradient_scale, float *next_param, float *next_m, float *next_v) {
#pragma omp parallel if (n >= STUDIO_PARALLEL_MIN)
  {
    int64_t begin, end;
    studio_share(n, 16, &begin, &end);
    adam_range(param, grad, m, v, beta1, beta2, epsilon, step_size, inverse_correction2, decay, gradient_scale, next_param, next_m, next_v, begin, end);
  }
}
