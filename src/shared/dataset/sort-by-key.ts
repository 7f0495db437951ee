// Item indices ordered by a 32-bit key, ties by index: the allocation-free way to find runs of equal
// keys (LSH buckets, classes) among 600,000 items. A Map of arrays per bucket costs one array per
// item and most of a second of garbage collection per pass at that size.

const INDEX_BITS = 21;
const INDEX_RANGE = 2 ** INDEX_BITS;

/** Indices 0…keys.length-1 sorted by (keys[i], i). */
export function indicesSortedByKey(keys: Uint32Array): Uint32Array {
  const count = keys.length;
  if (count > INDEX_RANGE) {
    return Uint32Array.from({ length: count }, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
  }
  // key · 2^21 + index < 2^53: exact in a double, and a typed-array sort compares numbers natively.
  const packed = new Float64Array(count);
  for (let i = 0; i < count; i++) packed[i] = keys[i] * INDEX_RANGE + i;
  packed.sort();
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = packed[i] % INDEX_RANGE;
  return order;
}

/** Calls `visit(start, end)` for each run order[start…end-1] of equal keys. */
export function forEachRun(order: Uint32Array, keys: Uint32Array, visit: (start: number, end: number) => void): void {
  let start = 0;
  for (let i = 1; i <= order.length; i++) {
    if (i === order.length || keys[order[i]] !== keys[order[start]]) {
      visit(start, i);
      start = i;
    }
  }
}
