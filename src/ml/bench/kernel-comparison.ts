// The studio's JS kernels against its native ones (layer norm, Adam, dropout masks, Transpose)
// on one model, in one process: training steps alternate between the two (ABBA order), so the
// machine's drift — this 2-core VM's speed moves 2–5× over minutes — falls on both alike and the
// ratio holds even when absolute figures do not. Then one profiled step of each, per kernel.
import { readFileSync } from 'node:fs';
import type { TrainConfig } from '../../shared/config/train-config';
import { nativeKernels, useNativeKernels } from '../kernels/native/native-kernels';
import { benchTrainer, type BenchShape } from './bench-engine';
import { timeKernelCalls, type KernelCall } from './kernel-calls';
import { profileStep, type StepProfile } from './kernel-profile';

export interface KernelRow {
  kernel: string;
  jsMs: number;
  nativeMs: number;
  calls: number;
}

export interface KernelComparison {
  nativeLabel: string;
  /** Timed steps of each kind. */
  steps: number;
  jsMsPerStep: number;
  nativeMsPerStep: number;
  /** JS ms / native ms per step (medians): the training speed-up. */
  speedup: number;
  /** The fastest step of each kind and their ratio: on a busy machine other processes only ever
   * add time, so the best steps are the least disturbed ones. */
  jsBestMs: number;
  nativeBestMs: number;
  bestSpeedup: number;
  /** The same from the main thread's CPU time (Linux; the thread every studio kernel runs on):
   * time spent waiting for a core does not count. Undefined elsewhere. */
  jsCpuMsPerStep?: number;
  nativeCpuMsPerStep?: number;
  cpuSpeedup?: number;
  jsTargetTokensPerSecond: number;
  nativeTargetTokensPerSecond: number;
  /** Per kernel, the least time it took in three profiled steps of each kind (a busy machine
   * only ever adds time), slowest under JS first. */
  kernels: KernelRow[];
  /** The least wall time of the profiled steps of each kind (profiling adds a little). */
  profiledStepMs: { js: number; native: number };
  /** One call of each kernel on this model's shapes, JS and native alternated (kernel-calls.ts). */
  calls: KernelCall[];
}

/** CPU time of the calling (main) thread in ms, from the scheduler's nanosecond count; undefined off Linux. */
function threadCpuMs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** On the wasm backend with the native kernels in use; `rounds` timed steps of each kind. */
export async function compareKernels(config: TrainConfig, shape: BenchShape, warmup: number, rounds: number): Promise<KernelComparison> {
  const native = nativeKernels();
  if (!native) throw new Error('the native kernels are not in use (not built, turned off, or not the wasm backend)');
  const { model, trainer } = benchTrainer(config, shape);
  const cpu = { js: [] as number[], native: [] as number[] };
  const step = (useNative: boolean) => {
    useNativeKernels(useNative ? native : undefined);
    const cpuBefore = threadCpuMs();
    const started = performance.now();
    trainer.trainStep();
    const ms = performance.now() - started;
    const cpuAfter = threadCpuMs();
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpu[useNative ? 'native' : 'js'].push(cpuAfter - cpuBefore);
    return ms;
  };
  try {
    // Both kinds warm up: the JS kernels need V8's optimising compiler as much as the model does.
    for (let i = 0; i < warmup; i++) {
      step(true);
      step(false);
    }
    cpu.js.length = cpu.native.length = 0;
    const times = { js: [] as number[], native: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [true, false] : [false, true];
      for (const useNative of order) times[useNative ? 'native' : 'js'].push(step(useNative));
    }
    const profiles = { js: [] as StepProfile[], native: [] as StepProfile[] };
    for (const useNative of [true, false, false, true, true, false]) {
      useNativeKernels(useNative ? native : undefined);
      profiles[useNative ? 'native' : 'js'].push(await profileStep(() => trainer.trainStep()));
    }
    const jsMsPerStep = median(times.js);
    const nativeMsPerStep = median(times.native);
    const jsBestMs = Math.min(...times.js);
    const nativeBestMs = Math.min(...times.native);
    const tokens = shape.batch * shape.targetLength;
    return {
      nativeLabel: native.label,
      steps: rounds,
      jsMsPerStep,
      nativeMsPerStep,
      speedup: jsMsPerStep / nativeMsPerStep,
      jsBestMs,
      nativeBestMs,
      bestSpeedup: jsBestMs / nativeBestMs,
      ...(cpu.js.length && cpu.native.length
        ? { jsCpuMsPerStep: median(cpu.js), nativeCpuMsPerStep: median(cpu.native), cpuSpeedup: median(cpu.js) / median(cpu.native) }
        : {}),
      jsTargetTokensPerSecond: tokens / (jsMsPerStep / 1000),
      nativeTargetTokensPerSecond: tokens / (nativeMsPerStep / 1000),
      kernels: mergeProfiles(profiles.js, profiles.native),
      profiledStepMs: { js: Math.min(...profiles.js.map((p) => p.stepMs)), native: Math.min(...profiles.native.map((p) => p.stepMs)) },
      calls: timeKernelCalls(native, config.model, shape),
    };
  } finally {
    useNativeKernels(native);
    trainer.dispose();
    model.dispose();
  }
}

function mergeProfiles(js: StepProfile[], native: StepProfile[]): KernelRow[] {
  const rows = new Map<string, KernelRow>();
  const add = (profiles: StepProfile[], key: 'jsMs' | 'nativeMs') => {
    for (const profile of profiles) {
      for (const k of profile.kernels) {
        const row = rows.get(k.kernel) ?? { kernel: k.kernel, jsMs: Infinity, nativeMs: Infinity, calls: k.calls };
        row[key] = Math.min(row[key], k.ms);
        rows.set(k.kernel, row);
      }
    }
  };
  add(js, 'jsMs');
  add(native, 'nativeMs');
  return [...rows.values()].sort((a, b) => b.jsMs - a.jsMs);
}
