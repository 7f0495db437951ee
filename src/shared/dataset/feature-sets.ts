// Many small sets of 32-bit feature hashes packed into one growing array: 600,000 descriptions of
// ten features each would otherwise be 600,000 typed arrays, a few hundred bytes of overhead each.
// Each set is stored sorted and without repeats, which is what `jaccard` and MinHash read.

export class FeatureSets {
  private values = new Uint32Array(1 << 16);
  private offsets = new Int32Array(1 << 12);
  private length = 0;

  get count(): number {
    return this.length;
  }

  /** Stores the distinct values of `set` (any order) and returns the new set's index. */
  add(set: ArrayLike<number>): number {
    const sorted = Uint32Array.from(set).sort();
    if (this.length + 1 >= this.offsets.length) {
      const offsets = new Int32Array(this.offsets.length * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    let end = this.offsets[this.length];
    if (end + sorted.length > this.values.length) {
      const values = new Uint32Array(Math.max(this.values.length * 2, end + sorted.length));
      values.set(this.values);
      this.values = values;
    }
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) this.values[end++] = sorted[i];
    this.offsets[++this.length] = end;
    return this.length - 1;
  }

  size(index: number): number {
    return this.offsets[index + 1] - this.offsets[index];
  }

  /** A view of set `index` (no copy). */
  view(index: number): Uint32Array {
    return this.values.subarray(this.offsets[index], this.offsets[index + 1]);
  }

  /** |A ∩ B| / |A ∪ B|; 0 when both are empty. */
  jaccard(a: number, b: number): number {
    const values = this.values;
    let i = this.offsets[a];
    const endA = this.offsets[a + 1];
    let j = this.offsets[b];
    const endB = this.offsets[b + 1];
    const union = endA - i + (endB - j);
    let shared = 0;
    while (i < endA && j < endB) {
      if (values[i] === values[j]) {
        shared++;
        i++;
        j++;
      } else if (values[i] < values[j]) i++;
      else j++;
    }
    return union - shared === 0 ? 0 : shared / (union - shared);
  }

  /** A 32-bit hash of set `index`: equal sets, equal hashes. */
  hash(index: number): number {
    let h = this.size(index);
    for (let k = this.offsets[index]; k < this.offsets[index + 1]; k++) h = Math.imul(h ^ this.values[k], 0x9e3779b1) ^ (h >>> 15);
    return h >>> 0;
  }

  /** True when sets a and b hold the same values. */
  equal(a: number, b: number): boolean {
    const size = this.size(a);
    if (size !== this.size(b)) return false;
    for (let k = 0; k < size; k++) if (this.values[this.offsets[a] + k] !== this.values[this.offsets[b] + k]) return false;
    return true;
  }
}
