/* What the loader reports ("native kernels (SIMD, 1 thread)") and the thread count it sets. */
#include "studio-kernels.h"

/* Bumped when a kernel's signature changes, so a stale build is refused rather than misused. */
STUDIO_EXPORT int studio_kernels_abi(void) { return 1; }

/* Threads a kernel may use: 1 without OpenMP. */
STUDIO_EXPORT int studio_kernels_threads(void) {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

STUDIO_EXPORT void studio_kernels_set_threads(int threads) {
#ifdef _OPENMP
  if (threads > 0) omp_set_num_threads(threads);
#else
  (void)threads;
#endif
}
