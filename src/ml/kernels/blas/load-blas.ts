// Finds an optimised BLAS (OpenBLAS on Linux and Windows, Accelerate on macOS) and binds its
// single-precision matrix product through koffi, a foreign-function library with prebuilt
// binaries on npm, so nothing is compiled at install time. Optional: when koffi or the library
// cannot load, the wasm backend keeps its own matMul and the reason is reported.
// CODE_STUDIO_BLAS=off disables it; CODE_STUDIO_BLAS=/path/to/libopenblas.so picks a library.
/** Row-major C = alpha·op(A)·op(B) + beta·C; arrays are views whose first element is the matrix's. */
export type Sgemm = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  lda: number,
  b: Float32Array,
  ldb: number,
  beta: number,
  c: Float32Array,
  ldc: number,
) => void;

/** Σ x[i]·y[i] over n elements. */
export type Sdot = (n: number, x: Float32Array, y: Float32Array) => number;

export interface Blas {
  sgemm: Sgemm;
  sdot: Sdot;
  /** What a person should read, e.g. "OpenBLAS 0.3.21 (2 threads)". */
  label: string;
}

const CBLAS_ROW_MAJOR = 101;
const CBLAS_NO_TRANS = 111;
const CBLAS_TRANS = 112;

function candidates(): string[] {
  const chosen = process.env.CODE_STUDIO_BLAS;
  if (chosen) return [chosen];
  if (process.platform === 'darwin') return ['/System/Library/Frameworks/Accelerate.framework/Accelerate'];
  if (process.platform === 'win32') return ['libopenblas.dll', 'openblas.dll'];
  return ['libopenblas.so.0', 'libopenblas.so', 'libopenblasp.so.0', 'libmkl_rt.so.2', 'libmkl_rt.so'];
}

let cached: Blas | string | undefined;

/** The BLAS, or why there is none. Loaded once per process. */
export async function loadBlas(): Promise<Blas | string> {
  if (cached !== undefined) return cached;
  if (process.env.CODE_STUDIO_BLAS === 'off') return (cached = 'turned off by CODE_STUDIO_BLAS=off');
  let koffi: typeof import('koffi');
  try {
    // A variable specifier keeps bundlers from inlining a native module.
    const specifier: string = 'koffi';
    const loaded = (await import(/* @vite-ignore */ specifier)) as typeof import('koffi') & { default?: typeof import('koffi') };
    koffi = loaded.default ?? loaded;
  } catch (error) {
    return (cached = `koffi (the native-call library) did not load: ${(error as Error).message.split('\n')[0]}`);
  }
  const failures: string[] = [];
  for (const path of candidates()) {
    try {
      const lib = koffi.load(path);
      const raw = lib.func('cblas_sgemm', 'void', ['int', 'int', 'int', 'int', 'int', 'int', 'float', 'void *', 'int', 'void *', 'int', 'float', 'void *', 'int']);
      const sgemm: Sgemm = (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) =>
        raw(CBLAS_ROW_MAJOR, transA ? CBLAS_TRANS : CBLAS_NO_TRANS, transB ? CBLAS_TRANS : CBLAS_NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
      const rawDot = lib.func('cblas_sdot', 'float', ['int', 'void *', 'int', 'void *', 'int']);
      const sdot: Sdot = (n, x, y) => rawDot(n, x, 1, y, 1);
      return (cached = { sgemm, sdot, label: describe(lib, path) });
    } catch (error) {
      failures.push(`${path}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return (cached = `no BLAS library found (${failures.join('; ')})`);
}

function describe(lib: ReturnType<typeof import('koffi').load>, path: string): string {
  try {
    const config = String(lib.func('char *openblas_get_config()')());
    const threads = Number(lib.func('int openblas_get_num_threads()')());
    const version = /OpenBLAS\s+([\d.]+)/.exec(config)?.[1];
    return `OpenBLAS${version ? ` ${version}` : ''} (${threads} thread${threads === 1 ? '' : 's'})`;
  } catch {
    return path.includes('Accelerate') ? 'Apple Accelerate' : path.split(/[\\/]/).pop()!;
  }
}
