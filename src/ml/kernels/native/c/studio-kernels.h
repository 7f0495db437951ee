/* The studio's native training kernels (layer norm, Adam, dropout masks, transposes): plain C
 * over the wasm heap, which koffi hands over as pointers (src/ml/kernels/native/). Each kernel
 * replaces a JS loop that runs on one core without SIMD; here the loops are vectorised, and with
 * OpenMP (when the compiler has it: scripts/build-native-kernels.mjs) can be split between threads.
 * The loader asks for one thread unless told otherwise (load-native-kernels.ts says why). */
#ifndef STUDIO_KERNELS_H
#define STUDIO_KERNELS_H

#include <stdint.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#if defined(_WIN32)
#define STUDIO_EXPORT __declspec(dllexport)
#else
#define STUDIO_EXPORT __attribute__((visibility("default")))
#endif

/* The library is built once per install and may be shipped inside the desktop app, so it is
 * compiled for the baseline CPU; on x86-64 Linux the hot loops also get AVX2 and AVX-512 copies
 * that the loader picks at run time (GCC function multiversioning). */
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define STUDIO_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define STUDIO_CLONES
#endif

/* Below this many elements a kernel stays on the calling thread: waking another thread costs
 * more than it saves (most of Adam's ~100 tensors are biases and gains of a few hundred). */
#define STUDIO_PARALLEL_MIN 32768

/* This thread's share [*begin, *end) of [0, n), boundaries on multiples of `align` (cache
 * lines apart, and whole dropout pairs). Inside an OpenMP parallel region, or all of it outside. */
static inline void studio_share(int64_t n, int64_t align, int64_t *begin, int64_t *end) {
#ifdef _OPENMP
  int64_t threads = omp_get_num_threads(), thread = omp_get_thread_num();
#else
  int64_t threads = 1, thread = 0;
#endif
  int64_t blocks = (n + align - 1) / align;
  int64_t first = blocks * thread / threads, last = blocks * (thread + 1) / threads;
  *begin = first * align < n ? first * align : n;
  *end = last * align < n ? last * align : n;
}

#endif
