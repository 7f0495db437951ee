// The native kernels (src/ml/kernels/native, C built at npm install) against the JS kernels they
// replace, on random inputs of awkward sizes: layer norm forward and backward, Adam, dropout
// masks and transposes. Sizes straddle the threshold at which the C code splits work between
// threads. Adam, masks and transposes must be bit-identical; layer norm differs only in the
// order of its row sums. Everything runs with one thread (the default) and with two (OpenMP
// builds, CODE_STUDIO_NATIVE_THREADS=2). Skipped, saying so, where the library was not built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adamConstants, adamStepValues, type AdamStepAttrs } from '../../../src/ml/kernels/adam-update';
import { dropoutMaskValues, maskConstants } from '../../../src/ml/kernels/dropout-mask';
import { layerNormGradValues, layerNormValues } from '../../../src/ml/kernels/layer-norm';
import { loadNativeKernels } from '../../../src/ml/kernels/native/load-native-kernels';
import { simplifyTranspose, transposeValues } from '../../../src/ml/kernels/wasm-transpose';
import { SeededRandom } from '../../../src/shared/random/seeded-random';
import { randomValues } from './helpers';

const loaded = await loadNativeKernels();
const native = typeof loaded === 'string' ? undefined : loaded;
if (!native) console.log(`NOT RUN: native kernels vs JS kernels (native-kernels.test.ts): the native kernels ${loaded}`);
const itNative = native ? it : it.skip;

const floats = (count: number, seed: number, scale = 1, shift = 0) => Float32Array.from(randomValues(count, seed), (v) => scale * v + shift);

/** Index of the first element whose bits differ, or −1 (a plain loop: vitest's deep equality is slow on big arrays). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Largest |a − b| / max(1, |b|). */
function maxRelativeDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

// [rows, width]: tiny, odd, not multiples of any vector width, and over the threading threshold.
const LAYER_SHAPES: [number, number][] = [[1, 1], [1, 7], [3, 5], [7, 33], [13, 255], [129, 257], [300, 131], [2048, 256], [768, 256]];

for (const threads of [1, 2]) {
  describe(`${threads} thread(s)`, () => {
    beforeAll(() => native?.setThreads(threads));
    afterAll(() => native?.setThreads(1));

    describe('native layer norm', () => {
      for (const [rows, width] of LAYER_SHAPES) {
        itNative(`forward and backward match the JS kernel on [${rows}, ${width}]`, () => {
          const seed = rows * 1000 + width;
          const x = floats(rows * width, seed, 3, 0.5);
          const gain = floats(width, seed + 1, 1, 1);
          const bias = floats(width, seed + 2);
          const dy = floats(rows * width, seed + 3);
          const run = (impl: 'js' | 'native') => {
            const y = new Float32Array(rows * width), xHat = new Float32Array(rows * width), rstd = new Float32Array(rows);
            const dx = new Float32Array(rows * width), dGain = new Float32Array(width), dBias = new Float32Array(width);
            if (impl === 'native') {
              native!.layerNorm(x, gain, bias, width, 1e-6, y, xHat, rstd);
              native!.layerNormGrad(dy, xHat, rstd, gain, width, dx, dGain, dBias);
            } else {
              layerNormValues(x, gain, bias, width, 1e-6, y, xHat, rstd);
              layerNormGradValues(dy, xHat, rstd, gain, width, dx, dGain, dBias);
            }
            return { y, xHat, rstd, dx, dGain, dBias };
          };
          const js = run('js');
          const got = run('native');
          for (const key of ['y', 'xHat', 'rstd', 'dx'] as const) expect(maxRelativeDiff(got[key], js[key]), key).toBeLessThan(1e-5);
          // The column sums add up `rows` terms: JS rounds to float32 after each, C sums in double.
          for (const key of ['dGain', 'dBias'] as const) expect(maxRelativeDiff(got[key], js[key]), key).toBeLessThan(1e-6 * Math.max(1, rows));
          if (width > 1) expect(got.dx.some((v) => v !== 0)).toBe(true);
        });
      }

      itNative('a constant row normalises to 0 (no NaN) like the JS kernel', () => {
        const width = 40;
        const x = new Float32Array(2 * width).fill(3);
        const outs = () => [new Float32Array(2 * width), new Float32Array(2 * width), new Float32Array(2)] as const;
        const [y, xHat, rstd] = outs();
        native!.layerNorm(x, new Float32Array(width).fill(1), new Float32Array(width), width, 1e-6, y, xHat, rstd);
        const [jy, jxHat, jrstd] = outs();
        layerNormValues(x, new Float32Array(width).fill(1), new Float32Array(width), width, 1e-6, jy, jxHat, jrstd);
        expect(y).toEqual(jy);
        expect(rstd).toEqual(jrstd);
      });
    });

    describe('native Adam', () => {
      const cases: [number, number, number, number][] = [
        // size, step, weight decay, gradient scale
        [1, 1, 0, 1],
        [7, 5, 0.01, 0.37],
        [1000, 1000, 0.3, 1e-3],
        [32_767, 3, 0.01, 1],
        [65_537, 2, 0, 0.5],
        [300_001, 40, 0.01, 0.9],
      ];
      for (const [size, step, weightDecay, gradientScale] of cases) {
        itNative(`is bit-identical to the JS kernel: ${size} values, step ${step}, decay ${weightDecay}, scale ${gradientScale}`, () => {
          const beta1 = 0.9, beta2 = 0.98;
          const attrs: AdamStepAttrs = { learningRate: 7e-4, beta1, beta2, epsilon: 1e-9, correction1: 1 - beta1 ** step, correction2: 1 - beta2 ** step, weightDecay, gradientScale };
          const inputs = [floats(size, 1), floats(size, 2, 5), floats(size, 3, 0.1), Float32Array.from(floats(size, 4, 0.1), (x) => x * x)];
          const copies = inputs.map((a) => Float32Array.from(a));
          const js = [new Float32Array(size), new Float32Array(size), new Float32Array(size)];
          adamStepValues(inputs[0], inputs[1], inputs[2], inputs[3], attrs, js);
          const got = [new Float32Array(size), new Float32Array(size), new Float32Array(size)];
          native!.adamUpdate(inputs, adamConstants(attrs), got);
          for (let k = 0; k < 3; k++) {
            const first = firstDifference(got[k], js[k]);
            expect(first, `output ${k} first differs at ${first}: ${got[k][first]} vs ${js[k][first]}`).toBe(-1);
          }
          inputs.forEach((input, k) => expect(firstDifference(input, copies[k]), `input ${k} was written`).toBe(-1));
        });
      }
    });

    describe('native dropout masks', () => {
      const sizes = [1, 2, 3, 17, 4095, 65_537, 1_000_001];
      const seeds = [0, 1, 123_456_789, 0xffffffff, 2 ** 31];
      for (const n of sizes) {
        itNative(`equal the JS kernel's masks bit for bit: ${n} values, 5 seeds, 3 rates`, () => {
          for (const seed of seeds) {
            for (const rate of [0.1, 0.25, 0.5]) {
              const js = new Float32Array(n);
              dropoutMaskValues(js, rate, seed);
              const got = new Float32Array(n).fill(-1); // every element must be written
              const { threshold, kept } = maskConstants(rate);
              native!.dropoutMask(got, threshold, kept, seed);
              const first = firstDifference(got, js);
              if (first !== -1) throw new Error(`seed ${seed}, rate ${rate}: element ${first} is ${got[first]}, JS ${js[first]}`);
            }
          }
        });
      }
    });

    describe('native transpose', () => {
      const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
      const filled = <T extends Float32Array | Int32Array | Uint8Array>(array: T, value: (i: number) => number): T => {
        for (let i = 0; i < array.length; i++) array[i] = value(i);
        return array;
      };
      const views = { float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;

      itNative('equals the JS transpose for 300 random shapes and perms, in each element size', () => {
        const rng = new SeededRandom(11);
        for (let trial = 0; trial < 300; trial++) {
          const rank = 1 + rng.int(6);
          const shape = Array.from({ length: rank }, () => 1 + rng.int(5));
          const perm = rng.shuffle([...Array(rank).keys()]);
          const simple = simplifyTranspose(shape, perm);
          if (simple.shape.length === 0) continue; // all size-1: the kernel copies in JS
          for (const View of Object.values(views)) {
            const x = filled(new View(size(shape)), (i) => (i * 7 + 3) % 251);
            const js = new View(x.length);
            transposeValues(x, simple.shape, simple.perm, js);
            const got = new View(x.length);
            native!.transpose(x, simple.shape, simple.perm, got);
            if (!got.every((v, i) => v === js[i])) throw new Error(`${View.name}: wrong transpose of [${shape}] by [${perm}]`);
          }
        }
      });

      const big: [string, number[], number[]][] = [
        ['attention head split [32, 64, 8, 32] by [0, 2, 1, 3]', [32, 64, 8, 32], [0, 2, 1, 3]],
        ['packed QKV split [32, 64, 3, 8, 32] by [2, 0, 3, 1, 4]', [32, 64, 3, 8, 32], [2, 0, 3, 1, 4]],
        ['its gradient, by [1, 3, 0, 2, 4]', [3, 32, 8, 64, 32], [1, 3, 0, 2, 4]],
        ['a 2D swap [300, 257] (tiled)', [300, 257], [1, 0]],
        ['a batched swap [3, 129, 65] by [0, 2, 1] (tiled)', [3, 129, 65], [0, 2, 1]],
        ['a strided gather [5, 7, 300] by [2, 0, 1]', [5, 7, 300], [2, 0, 1]],
      ];
      for (const [label, shape, perm] of big) {
        itNative(`equals the JS transpose on ${label}, float32 and bool`, () => {
          const simple = simplifyTranspose(shape, perm);
          for (const View of [Float32Array, Uint8Array]) {
            const x = filled(new View(size(shape)), (i) => i % 253);
            const js = new View(x.length);
            transposeValues(x, simple.shape, simple.perm, js);
            const got = new View(x.length);
            native!.transpose(x, simple.shape, simple.perm, got);
            const first = firstDifference(got, js);
            expect(first, `${View.name} first differs at ${first}`).toBe(-1);
          }
        });
      }
    });
  });
}
