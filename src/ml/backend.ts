// Picks the TensorFlow.js backend once at start-up, best first: tfjs-node-gpu (CUDA), tfjs-node
// (native CPU), wasm with its matrix products on a native BLAS, wasm alone, then the plain JS
// backend as the last resort. The native packages are optional dependencies that cannot install
// everywhere, so they are loaded by name at run time.
// The choice is returned (and shown by every shell); CODE_STUDIO_BACKEND or an argument overrides it.
import * as tf from '@tensorflow/tfjs-core';
// The umbrella package registers every op's gradient (tfjs-core alone registers none);
// the model code itself imports only tfjs-core.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { loadBlas } from './kernels/blas/load-blas';
import { loadNativeKernels } from './kernels/native/load-native-kernels';
import { useNativeKernels } from './kernels/native/native-kernels';
import { registerStudioKernels } from './kernels/register-studio-kernels';
import { useBlasMatMul } from './kernels/wasm-mat-mul';

import { BACKEND_PREFERENCES, type BackendPreference } from '../shared/config/backend-preference';

export { BACKEND_PREFERENCES, type BackendPreference };

export interface BackendInfo {
  /** TF.js backend name: 'tensorflow' (native), 'wasm' or 'cpu'. */
  name: string;
  /** Which of the preferences this is (wasm and wasm-blas share the TF.js backend 'wasm'). */
  preference: Exclude<BackendPreference, 'auto'>;
  /** What a person should read: e.g. "tfjs-node-gpu (CUDA)", "wasm (SIMD, 1 thread)". */
  label: string;
  /** Backends tried before this one and why they were not used. */
  skipped: string[];
  /**
   * On wasm: what runs layer norm, Adam, dropout masks and transposes — the native kernels
   * ("native kernels (SIMD, 1 thread)") or the JS ones and why ("JS kernels: native kernels not built …").
   */
  kernels?: string;
}

let current: BackendInfo | undefined;

async function tryNative(pkg: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node'): Promise<string | undefined> {
  try {
    // A variable specifier keeps bundlers from resolving a package that may not be installed.
    const specifier: string = pkg;
    await import(/* @vite-ignore */ specifier);
    if (await tf.setBackend('tensorflow')) return undefined;
    return 'loaded, but the tensorflow backend did not initialise';
  } catch (error) {
    const message = (error as Error).message;
    if (/Cannot find (package|module)/.test(message)) return 'not installed';
    return message.split('\n')[0];
  }
}

let kernelsLabel = '';
let kernelsNote = '';

async function tryWasm(): Promise<string | undefined> {
  useBlasMatMul(undefined);
  try {
    // setBackend returns false (it does not throw) when the .wasm files are not found.
    if (await tf.setBackend('wasm')) {
      await useNativeKernelsIfBuilt();
      return undefined;
    }
    return 'the wasm binary could not be loaded';
  } catch (error) {
    return (error as Error).message;
  }
}

/** The studio's native training kernels on wasm when the library was built (npm install), else its JS kernels. */
async function useNativeKernelsIfBuilt(): Promise<void> {
  const native = await loadNativeKernels();
  useNativeKernels(typeof native === 'string' ? undefined : native);
  kernelsNote = typeof native === 'string' ? `JS kernels: native kernels ${native}` : native.label;
  const why = (reason: string) => (reason.startsWith('turned off') ? 'native off' : reason.startsWith('not built') ? 'native not built' : 'native did not load');
  kernelsLabel = typeof native === 'string' ? ` + JS kernels (${why(native)})` : ` + ${native.label}`;
}

let blasLabel = 'BLAS';

async function tryWasmWithBlas(): Promise<string | undefined> {
  const blas = await loadBlas();
  if (typeof blas === 'string') return blas;
  const failure = await tryWasm();
  if (failure === undefined) {
    useBlasMatMul(blas);
    blasLabel = blas.label;
  }
  return failure;
}

export async function initBackend(preference: BackendPreference = 'auto'): Promise<BackendInfo> {
  const wanted = (process.env.CODE_STUDIO_BACKEND as BackendPreference | undefined) ?? preference;
  if (!BACKEND_PREFERENCES.includes(wanted)) {
    throw new Error(`Unknown backend "${wanted}"; choose one of ${BACKEND_PREFERENCES.join(', ')}`);
  }
  if (current && (wanted === 'auto' || current.preference === wanted || (wanted.startsWith('tensorflow') && current.name === 'tensorflow'))) {
    return current;
  }
  registerStudioKernels();
  // Production mode: no development warnings (such as the JS backend's "install tfjs-node" banner).
  tf.env().set('PROD', true);
  const skipped: string[] = [];
  const attempts: [Exclude<BackendPreference, 'auto' | 'cpu'>, () => string, () => Promise<string | undefined>][] = [
    ['tensorflow-gpu', () => 'tfjs-node-gpu (CUDA)', () => tryNative('@tensorflow/tfjs-node-gpu')],
    ['tensorflow', () => 'tfjs-node (native CPU)', () => tryNative('@tensorflow/tfjs-node')],
    ['wasm-blas', () => `wasm (SIMD) + ${blasLabel} matMul${kernelsLabel}`, tryWasmWithBlas],
    // Chosen automatically because no BLAS loaded: say how to get the faster backend.
    ['wasm', () => (wanted === 'auto' ? 'wasm (SIMD, 1 thread; no BLAS found: install OpenBLAS for ~4× faster training)' : 'wasm (SIMD, 1 thread)') + kernelsLabel, tryWasm],
  ];
  for (const [key, describe, attempt] of attempts) {
    if (wanted !== 'auto' && wanted !== key) continue;
    const failure = await attempt();
    const label = describe();
    if (failure === undefined) return (current = { name: tf.getBackend(), preference: key, label, skipped, ...(tf.getBackend() === 'wasm' ? { kernels: kernelsNote } : {}) });
    skipped.push(`${label}: ${failure}`);
    if (wanted !== 'auto') throw new Error(`Backend ${label} is not available here: ${failure}`);
  }
  await tf.setBackend('cpu');
  return (current = { name: 'cpu', preference: 'cpu', label: 'plain JS (slow: last resort)', skipped });
}

export function currentBackend(): BackendInfo | undefined {
  return current;
}
