/* Transpose of a row-major tensor by `perm`, the shape already simplified by wasm-transpose.ts
 * (no size-1 axes, neighbouring axes merged; rank ≤ 8). The output is walked in order, one run
 * of its last axis at a time: when that axis is also the input's last (the attention head
 * split and merge: runs of Dh contiguous values) each run is one memcpy; otherwise the run
 * gathers with a stride, and a swap of the last two axes is done in cache-sized tiles. Runs are
 * split between threads. */
#include <string.h>
#include "studio-kernels.h"

#define MAX_RANK 8
#define TILE 32

typedef struct {
  int rank;
  int64_t out_shape[MAX_RANK];
  int64_t strides[MAX_RANK]; /* input step per output axis, in elements */
} walk_t;

/* Runs [first, last) of the output; `run` elements each, moved as `bytes`-sized elements. */
static void runs(const char *x, char *out, int bytes, const walk_t *w, int64_t first, int64_t last) {
  const int rank = w->rank;
  const int64_t run = w->out_shape[rank - 1], step = w->strides[rank - 1];
  int64_t index[MAX_RANK], base = 0, rest = first;
  for (int axis = rank - 2; axis >= 0; axis--) {
    index[axis] = rest % w->out_shape[axis];
    rest /= w->out_shape[axis];
    base += index[axis] * w->strides[axis];
  }
  for (int64_t r = first; r < last; r++) {
    char *o = out + r * run * bytes;
    const char *i = x + base * bytes;
    if (step == 1) memcpy(o, i, (size_t)(run * bytes));
    else if (bytes == 4) for (int64_t j = 0; j < run; j++) memcpy(o + 4 * j, i + 4 * j * step, 4);
    else for (int64_t j = 0; j < run; j++) memcpy(o + j * bytes, i + j * step * bytes, (size_t)bytes);
    for (int axis = rank - 2; axis >= 0; axis--) {
      base += w->strides[axis];
      if (++index[axis] < w->out_shape[axis]) break;
      base -= w->strides[axis] * w->out_shape[axis];
      index[axis] = 0;
    }
  }
}

/* [batch, rows, cols] → [batch, cols, rows] for 4-byte values, tile by tile; tiles [first, last). */
static void swap_last_two(const uint32_t *x, uint32_t *out, int64_t rows, int64_t cols, int64_t first, int64_t last) {
  const int64_t row_tiles = (rows + TILE - 1) / TILE, col_tiles = (cols + TILE - 1) / TILE;
  for (int64_t t = first; t < last; t++) {
    const int64_t b = t / (row_tiles * col_tiles), within = t % (row_tiles * col_tiles);
    const int64_t r0 = within / col_tiles * TILE, c0 = within % col_tiles * TILE;
    const int64_t r1 = r0 + TILE < rows ? r0 + TILE : rows, c1 = c0 + TILE < cols ? c0 + TILE : cols;
    const uint32_t *xb = x + b * rows * cols;
    uint32_t *ob = out + b * rows * cols;
    for (int64_t c = c0; c < c1; c++)
      for (int64_t r = r0; r < r1; r++) ob[c * rows + r] = xb[r * cols + c];
  }
}

/* out = x transposed: x has `shape` [rank], out has shape[perm[0]], …; `bytes` per element. */
STUDIO_EXPORT int studio_transpose(const void *x, void *out, int bytes, int rank, const int32_t *shape, const int32_t *perm) {
  if (rank < 1 || rank > MAX_RANK) return -1;
  int64_t in_strides[MAX_RANK], total = 1;
  for (int axis = rank - 1; axis >= 0; axis--) {
    in_strides[axis] = total;
    total *= shape[axis];
  }
  if (total == 0) return 0;
  int batched_swap = bytes == 4 && rank >= 2 && perm[rank - 1] == rank - 2 && perm[rank - 2] == rank - 1;
  for (int axis = 0; axis < rank - 2; axis++) batched_swap = batched_swap && perm[axis] == axis;
  const int parallel = total >= STUDIO_PARALLEL_MIN;
  if (batched_swap) {
    const int64_t rows = shape[rank - 2], cols = shape[rank - 1], batch = total / (rows * cols);
    const int64_t tiles = batch * ((rows + TILE - 1) / TILE) * ((cols + TILE - 1) / TILE);
#pragma omp parallel if (parallel)
    {
      int64_t first, last;
      studio_share(tiles, 1, &first, &last);
      swap_last_two(x, out, rows, cols, first, last);
    }
    return 0;
  }
  walk_t w = {.rank = rank};
  for (int axis = 0; axis < rank; axis++) {
    w.out_shape[axis] = shape[perm[axis]];
    w.strides[axis] = in_strides[perm[axis]];
  }
  const int64_t count = total / w.out_shape[rank - 1];
#pragma omp parallel if (parallel)
  {
    int64_t first, last;
    /* 16 runs per block keep threads' writes cache lines apart for runs as short as 1 value. */
    studio_share(count, 16, &first, &last);
    runs(x, out, bytes, &w, first, last);
  }
  return 0;
}
