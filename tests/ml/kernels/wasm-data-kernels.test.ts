// The wasm backend's data-movement kernels written in JS (Transpose, GatherV2, Unpack, leading-axes
// Sum, shared-data Identity) against the plain JS backend.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/ml/backend';
import { loadBlas } from '../../../src/ml/kernels/blas/load-blas';
import { wasmBlas } from '../../../src/ml/kernels/wasm-mat-mul';
import { simplifyTranspose, transposeValues } from '../../../src/ml/kernels/wasm-transpose';
import { SeededRandom } from '../../../src/shared/random/seeded-random';
import { expectSameResults, randomValues, runOn, spyOnBlas } from './helpers';

const blas = await loadBlas();
const unavailable = typeof blas === 'string' ? blas : undefined;
if (unavailable) console.log(`NOT RUN: leading-axes Sum on BLAS (wasm-data-kernels.test.ts): ${unavailable}`);
const itBlas = unavailable ? it.skip : it;

afterAll(async () => {
  await initBackend('wasm');
});

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const floats = (shape: number[], seed: number) => tf.tensor(randomValues(size(shape), seed), shape);
const ints = (shape: number[], seed: number) => tf.tensor(randomValues(size(shape), seed).map((x) => Math.round(1000 * x)), shape, 'int32');
const bools = (shape: number[], seed: number) => tf.tensor(randomValues(size(shape), seed).map((x) => x > 0), shape, 'bool');

/** Same values (exactly), shapes and dtypes on wasm and on the JS backend. */
async function expectWasmEqualsCpu(f: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  expectSameResults(await runOn('wasm', f), await runOn('cpu', f), 0);
}

/** The data ids the current backend holds (tensors' data, including any not owned by a tensor). */
const backendDataIds = () => (tf.engine().backend as unknown as { numDataIds(): number }).numDataIds();

describe('Transpose', () => {
  it('simplifyTranspose drops size-1 axes and merges axes that stay neighbours', () => {
    expect(simplifyTranspose([2, 3, 4], [0, 1, 2])).toEqual({ shape: [24], perm: [0] });
    expect(simplifyTranspose([1, 3, 1, 4], [3, 2, 0, 1])).toEqual({ shape: [3, 4], perm: [1, 0] });
    expect(simplifyTranspose([2, 3, 4, 5], [2, 3, 0, 1])).toEqual({ shape: [6, 20], perm: [1, 0] });
    expect(simplifyTranspose([2, 3, 2, 4, 5], [2, 0, 3, 1, 4])).toEqual({ shape: [2, 3, 2, 4, 5], perm: [2, 0, 3, 1, 4] });
    expect(simplifyTranspose([2, 5, 3, 8], [0, 2, 1, 3])).toEqual({ shape: [2, 5, 3, 8], perm: [0, 2, 1, 3] });
    expect(simplifyTranspose([1, 1], [1, 0])).toEqual({ shape: [], perm: [] });
  });

  it('transposeValues (after simplifyTranspose) equals a naive transpose for 300 random shapes and perms', () => {
    const rng = new SeededRandom(3);
    for (let trial = 0; trial < 300; trial++) {
      const rank = 1 + rng.int(5);
      const shape = Array.from({ length: rank }, () => 1 + rng.int(4));
      const perm = rng.shuffle([...Array(rank).keys()]);
      const x = Float32Array.from({ length: size(shape) }, (_, i) => i);
      const outShape = perm.map((a) => shape[a]);
      const expected = new Float32Array(x.length);
      const strides = shape.map((_, a) => size(shape.slice(a + 1)));
      for (let o = 0; o < x.length; o++) {
        let rest = o;
        let source = 0;
        for (let axis = rank - 1; axis >= 0; axis--) {
          source += (rest % outShape[axis]) * strides[perm[axis]];
          rest = Math.floor(rest / outShape[axis]);
        }
        expected[o] = x[source];
      }
      const simple = simplifyTranspose(shape, perm);
      const out = new Float32Array(x.length);
      transposeValues(x, simple.shape, simple.perm, out);
      if (!out.every((v, i) => v === expected[i])) throw new Error(`wrong transpose of [${shape}] by [${perm}]`);
    }
  });

  const cases: [string, () => tf.Tensor, number[]][] = [
    ['rank 5 [2,3,2,4,5] perm [2,0,3,1,4]', () => floats([2, 3, 2, 4, 5], 1), [2, 0, 3, 1, 4]],
    ['2D [7,9]', () => floats([7, 9], 2), [1, 0]],
    ['attention head split [2,5,3,8] perm [0,2,1,3] (contiguous runs of 8)', () => floats([2, 5, 3, 8], 3), [0, 2, 1, 3]],
    ['size-1 axes [1,3,1,4] perm [3,2,0,1]', () => floats([1, 3, 1, 4], 4), [3, 2, 0, 1]],
    ['size-1 axes [3,1,5] perm [2,1,0]', () => floats([3, 1, 5], 5), [2, 1, 0]],
    ['only size-1 axes [1,1,1] perm [2,0,1]', () => floats([1, 1, 1], 6), [2, 0, 1]],
    ['int32 [4,3,2] perm [2,0,1]', () => ints([4, 3, 2], 7), [2, 0, 1]],
    ['int32 long runs [3,4,16] perm [1,0,2]', () => ints([3, 4, 16], 8), [1, 0, 2]],
    ['bool [3,5,2] perm [1,2,0]', () => bools([3, 5, 2], 9), [1, 2, 0]],
    ['bool long runs [2,3,12] perm [1,0,2]', () => bools([2, 3, 12], 10), [1, 0, 2]],
    ['empty [0,3] perm [1,0]', () => tf.zeros([0, 3]), [1, 0]],
  ];
  for (const [label, make, perm] of cases) {
    it(`matches the JS backend: ${label}`, async () => {
      await expectWasmEqualsCpu(() => tf.transpose(make(), perm));
    });
  }
});

describe('GatherV2', () => {
  it('gathers rows on axis 0 (repeated indices, 1D and 2D indices, int32 and bool values)', async () => {
    await expectWasmEqualsCpu(() => [
      tf.gather(floats([5, 3], 20), tf.tensor1d([4, 0, 0, 2], 'int32')),
      tf.gather(floats([6, 2, 3], 21), tf.tensor2d([[5, 1], [1, 0], [3, 3]], [3, 2], 'int32')),
      tf.gather(ints([4, 5], 22), tf.tensor1d([3, 1], 'int32')),
      tf.gather(bools([4], 23), tf.tensor1d([0, 3, 3, 1, 2], 'int32')),
      tf.gather(floats([5, 3], 24), tf.tensor1d([], 'int32')),
    ]);
  });

  it('gathers on axis 1 and on the last axis (-1)', async () => {
    await expectWasmEqualsCpu(() => [
      tf.gather(floats([2, 5, 3], 25), tf.tensor2d([[1, 4], [0, 0]], [2, 2], 'int32'), 1),
      tf.gather(floats([3, 4], 26), tf.tensor1d([3, 0, 2], 'int32'), 1),
      tf.gather(floats([2, 3, 4], 27), tf.tensor1d([1, 1, 3], 'int32'), -1),
    ]);
  });

  it('matches the JS backend for the embedding lookup and its gradient', async () => {
    await expectWasmEqualsCpu(() => {
      const table = floats([6, 4], 28);
      const ids = tf.tensor2d([[0, 5, 5], [2, 1, 0]], [2, 3], 'int32');
      const weights = floats([2, 3, 4], 29);
      const lookup = (t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), weights));
      return [tf.gather(table, ids), tf.grad(lookup)(table)];
    });
  });

  it('throws on an index out of range (too large or negative), on wasm as on the JS backend', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await initBackend(backend);
      const x = floats([5, 3], 30);
      const before = tf.memory().numTensors;
      for (const bad of [[5], [0, -1], [2, 7]]) {
        const indices = tf.tensor1d(bad, 'int32');
        expect(() => tf.gather(x, indices), `${backend}: indices [${bad}]`).toThrow(/GatherV2: the index value -?\d+ is not in \[0, 4\]/);
        expect(() => tf.gather(x, indices, 0)).toThrow();
        indices.dispose();
      }
      const y = floats([2, 3], 31);
      const three = tf.tensor1d([3], 'int32');
      expect(() => tf.gather(y, three, 1)).toThrow(/not in \[0, 2\]/);
      tf.dispose([y, three]);
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    }
  });

  // The indices are checked before the output is allocated.
  it('a failing gather allocates nothing on wasm', async () => {
    await initBackend('wasm');
    const x = floats([5, 3], 32);
    const indices = tf.tensor1d([9], 'int32');
    const ids = backendDataIds();
    expect(() => tf.gather(x, indices)).toThrow(/GatherV2/);
    tf.dispose([x, indices]);
    expect(backendDataIds()).toBe(ids - 2);
  });
});

describe('Unpack', () => {
  it('unstacks axis 0 (float32, int32, bool, rank 1) like the JS backend', async () => {
    await expectWasmEqualsCpu(() => [
      ...tf.unstack(floats([3, 4, 5], 40)),
      ...tf.unstack(ints([2, 3], 41)),
      ...tf.unstack(bools([4, 2], 42)),
      ...tf.unstack(floats([3], 43)),
    ]);
  });

  it('unstacks axis 1 and the last axis like the JS backend', async () => {
    await expectWasmEqualsCpu(() => [...tf.unstack(floats([3, 4, 5], 44), 1), ...tf.unstack(ints([2, 3], 45), -1)]);
  });

  it('outputs are copies: they stay readable after the input is disposed', async () => {
    await initBackend('wasm');
    const x = floats([3, 2, 2], 46);
    const expected = (x.arraySync() as number[][][]).map((block) => block.flat());
    const parts = tf.unstack(x);
    x.dispose();
    parts.forEach((p, i) => expect(Array.from(p.dataSync())).toEqual(expected[i]));
    tf.dispose(parts);
  });
});

describe('Sum over leading axes', () => {
  const leadingSums = () => {
    const x = floats([4, 3, 5], 50);
    return [tf.sum(x, 0), tf.sum(x, 0, true), tf.sum(x, [0, 1]), tf.sum(x, [1, 0], true), tf.sum(x, -3), tf.sum(floats([300, 70], 51), 0)];
  };
  // Not leading (or not float32): the stock kernel.
  const otherSums = () => {
    const x = floats([4, 3, 5], 50);
    return [tf.sum(x, 1), tf.sum(x, [0, 2], true), tf.sum(x), tf.sum(ints([4, 3], 52), 0)];
  };
  const sums = () => [...leadingSums(), ...otherSums()];

  it('matches the JS backend on plain wasm (rows accumulated in JS)', async () => {
    const wasm = await runOn('wasm', sums);
    expect(wasmBlas()).toBeUndefined();
    const cpu = await runOn('cpu', sums);
    expectSameResults(wasm, cpu, 1e-4);
    expect(wasm.map((r) => r.shape)).toEqual([[3, 5], [1, 3, 5], [5], [1, 1, 5], [3, 5], [70], [4, 5], [1, 3, 1], [], [3]]);
  });

  itBlas('matches the JS backend with the BLAS on (a product with ones), which calls sgemm for leading axes only', async () => {
    await initBackend('wasm-blas');
    const spy = spyOnBlas();
    let leadingOnly: Awaited<ReturnType<typeof runOn>>;
    let all: Awaited<ReturnType<typeof runOn>>;
    try {
      leadingOnly = await runOn('wasm-blas', leadingSums);
      expect(spy.counts.sgemm).toBe(6);
      spy.counts.sgemm = 0;
      await runOn('wasm-blas', otherSums);
      expect(spy.counts.sgemm).toBe(0);
      all = await runOn('wasm-blas', sums);
    } finally {
      spy.restore();
    }
    expectSameResults(all, await runOn('cpu', sums), 1e-4);
    expect(leadingOnly.map((r) => r.shape)).toEqual([[3, 5], [1, 3, 5], [5], [1, 1, 5], [3, 5], [70]]);
  });

  it('sums over zero rows give zeros, with the BLAS on (where available) and off', async () => {
    const f = () => [tf.sum(tf.zeros([0, 3]), 0), tf.sum(tf.zeros([2, 0, 3]), [0, 1], true)];
    for (const pref of unavailable ? (['wasm'] as const) : (['wasm', 'wasm-blas'] as const)) {
      const [a, b] = await runOn(pref, () => {
        tf.fill([3], 7).dataSync(); // leave non-zero bytes in freed heap memory
        return f();
      });
      expect(a.values).toEqual([0, 0, 0]);
      expect(b.shape).toEqual([1, 1, 3]);
      expect(b.values).toEqual([0, 0, 0]);
    }
  });
});

describe('Identity shares data on wasm', () => {
  it('clone has the same values; disposing the clone (or the original) leaves the other readable', async () => {
    await initBackend('wasm');
    for (const make of [() => floats([3, 4], 60), () => ints([5], 61), () => bools([2, 3], 62)]) {
      const ids = backendDataIds();
      const x = make();
      const expected = Array.from(x.dataSync());
      const clone = tf.clone(x);
      expect(clone.dtype).toBe(x.dtype);
      expect(clone.shape).toEqual(x.shape);
      expect(clone.dataId).toBe(x.dataId); // no copy
      expect(backendDataIds()).toBe(ids + 1);
      expect(Array.from(clone.dataSync())).toEqual(expected);
      clone.dispose();
      expect(Array.from(x.dataSync())).toEqual(expected);
      const second = tf.clone(x);
      x.dispose();
      expect(Array.from(second.dataSync())).toEqual(expected);
      // An op on the survivor still reads the right values.
      const twice = tf.concat([second, second]);
      expect(Array.from(twice.dataSync())).toEqual([...expected, ...expected]);
      tf.dispose([second, twice]);
      expect(backendDataIds()).toBe(ids); // freed once the last reference went
    }
  });

  it('a cast to the same dtype shares data; a cast to another dtype converts', async () => {
    await initBackend('wasm');
    const x = tf.tensor1d([1.5, -2.25, 3]);
    const same = tf.cast(x, 'float32');
    expect(same.dataId).toBe(x.dataId);
    const ints = tf.cast(x, 'int32');
    expect(ints.dataId).not.toBe(x.dataId);
    expect(Array.from(ints.dataSync())).toEqual([1, -2, 3]);
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.5, -2.25, 3]);
    tf.dispose([same, ints]);
  });

  it('casts, and gradients that save tensors for the backward pass, match the JS backend', async () => {
    await expectWasmEqualsCpu(() => {
      const y = floats([2, 3], 64);
      const z = floats([2, 3], 65);
      const [dy, dz] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.div(tf.mul(a, b), tf.add(tf.abs(b), 1))))([y, z]);
      return [tf.clone(y), tf.cast(y, 'float32'), tf.cast(ints([3], 66), 'int32'), tf.cast(y, 'int32'), dy, dz];
    });
  });
});
