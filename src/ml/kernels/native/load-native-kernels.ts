// Binds the studio's native training kernels (c/, built by scripts/build-native-kernels.mjs at
// npm install) through koffi, the same foreign-function library as the BLAS. Optional: when the
// library was not built or does not load, the kernels stay in JS and the reason is reported.
// CODE_STUDIO_NATIVE_KERNELS=off keeps the JS kernels, =/path/to/library picks a build;
// CODE_STUDIO_NATIVE_THREADS=n lets them use n threads (default 1; OpenMP builds only).
import { libraryCandidates } from './library-path';

/** Views of the wasm heap (or any typed arrays); every call writes its outputs in place. */
export interface NativeKernels {
  /** x [R·D], γ, β [D] → y [R·D], x̂ [R·D], rstd [R] */
  layerNorm(x: Float32Array, gain: Float32Array, bias: Float32Array, width: number, epsilon: number, y: Float32Array, xHat: Float32Array, rstd: Float32Array): void;
  /** dy, x̂ [R·D], rstd [R], γ [D] → dx [R·D], dγ [D], dβ [D] */
  layerNormGrad(dy: Float32Array, xHat: Float32Array, rstd: Float32Array, gain: Float32Array, width: number, dx: Float32Array, dGain: Float32Array, dBias: Float32Array): void;
  /** param, grad, m, v [n] → param', m', v' [n]; constants as in adam-update.ts's adamConstants. */
  adamUpdate(inputs: Float32Array[], c: AdamConstants, outputs: Float32Array[]): void;
  /** out [n]: 0 where a 16-bit half-draw is below `threshold`, else `kept`. */
  dropoutMask(out: Float32Array, threshold: number, kept: number, seed: number): void;
  /** out = x transposed by perm; x has `shape` (row-major, rank 1–8), elements of 1, 2, 4 or 8 bytes. */
  transpose(x: HeapArray, shape: number[], perm: number[], out: HeapArray): void;
  /** Threads the kernels may use from now on (OpenMP builds; a no-op otherwise). */
  setThreads(threads: number): void;
  /** What a person should read, e.g. "native kernels (SIMD, 1 thread)". */
  label: string;
  path: string;
}

export type HeapArray = Float32Array | Int32Array | Uint8Array;

export interface AdamConstants {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** lr / (1 − β1^t) */
  stepSize: number;
  /** 1 / (1 − β2^t) */
  inverseCorrection2: number;
  /** lr · weight decay */
  decay: number;
  gradientScale: number;
}

const ABI = 1;

let cached: NativeKernels | string | undefined;

/** The kernels, or why there are none. Loaded once per process. */
export async function loadNativeKernels(): Promise<NativeKernels | string> {
  if (cached !== undefined) return cached;
  if (process.env.CODE_STUDIO_NATIVE_KERNELS === 'off') return (cached = 'turned off by CODE_STUDIO_NATIVE_KERNELS=off');
  const paths = libraryCandidates();
  if (paths.length === 0) return (cached = 'not built (no C compiler at npm install? run `npm run build:native`)');
  let koffi: typeof import('koffi');
  try {
    // A variable specifier keeps bundlers from inlining a native module.
    const specifier: string = 'koffi';
    const loaded = (await import(/* @vite-ignore */ specifier)) as typeof import('koffi') & { default?: typeof import('koffi') };
    koffi = loaded.default ?? loaded;
  } catch (error) {
    return (cached = `koffi (the native-call library) did not load: ${(error as Error).message.split('\n')[0]}`);
  }
  // libgomp reads its settings when it loads. Its idle threads otherwise spin for a while after
  // each kernel, on the core that OpenBLAS's thread needs next. Not left set for child processes.
  const waitPolicy = process.env.OMP_WAIT_POLICY;
  if (waitPolicy === undefined) process.env.OMP_WAIT_POLICY = 'passive';
  const failures: string[] = [];
  try {
    for (const path of paths) {
      try {
        return (cached = bind(koffi, path));
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  } finally {
    if (waitPolicy === undefined) delete process.env.OMP_WAIT_POLICY;
  }
  return (cached = `did not load (${failures.join('; ')})`);
}

function bind(koffi: typeof import('koffi'), path: string): NativeKernels {
  const lib = koffi.load(path);
  const abi = Number(lib.func('studio_kernels_abi', 'int', [])());
  if (abi !== ABI) throw new Error(`built for kernel interface ${abi}, this engine needs ${ABI}: run \`npm run build:native\``);
  const setThreads = lib.func('studio_kernels_set_threads', 'void', ['int']);
  // One thread unless asked: vectorised, these kernels take well under a millisecond a call, and
  // on this shared 2-core VM waking a second thread measured slower (median +10–100%, p90 up to
  // 10×, stalls of 10–200 ms when the other core is busy) — docs/performance.md.
  const threadsWanted = Number(process.env.CODE_STUDIO_NATIVE_THREADS);
  setThreads(threadsWanted > 0 ? threadsWanted : 1);
  const threads = Number(lib.func('studio_kernels_threads', 'int', [])());
  const p = 'void *';
  const layerNorm = lib.func('studio_layer_norm', 'void', [p, p, p, 'int', 'int', 'double', p, p, p]);
  const layerNormGrad = lib.func('studio_layer_norm_grad', 'int', [p, p, p, p, 'int', 'int', p, p, p]);
  const adam = lib.func('studio_adam_update', 'void', [p, p, p, p, 'int', 'double', 'double', 'double', 'double', 'double', 'double', 'double', p, p, p]);
  const dropout = lib.func('studio_dropout_mask', 'void', [p, 'int', 'int', 'float', 'uint32']);
  const transpose = lib.func('studio_transpose', 'int', [p, p, 'int', 'int', p, p]);
  return {
    layerNorm: (x, gain, bias, width, epsilon, y, xHat, rstd) => layerNorm(x, gain, bias, rstd.length, width, epsilon, y, xHat, rstd),
    layerNormGrad: (dy, xHat, rstd, gain, width, dx, dGain, dBias) => {
      if (layerNormGrad(dy, xHat, rstd, gain, rstd.length, width, dx, dGain, dBias) !== 0) throw new Error('native layer norm gradient: out of memory');
    },
    adamUpdate: ([param, grad, m, v], c, [nextParam, nextM, nextV]) =>
      adam(param, grad, m, v, param.length, c.beta1, c.beta2, c.epsilon, c.stepSize, c.inverseCorrection2, c.decay, c.gradientScale, nextParam, nextM, nextV),
    dropoutMask: (out, threshold, kept, seed) => dropout(out, out.length, threshold, kept, seed >>> 0),
    transpose: (x, shape, perm, out) => {
      if (transpose(x, out, x.BYTES_PER_ELEMENT, shape.length, Int32Array.from(shape), Int32Array.from(perm)) !== 0) throw new Error(`native transpose: rank ${shape.length} not supported`);
    },
    setThreads: (n) => setThreads(n),
    label: `native kernels (SIMD, ${threads} thread${threads === 1 ? '' : 's'})`,
    path,
  };
}
