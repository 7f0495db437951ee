// Where one training step's time goes, kernel by kernel (tf.profile; on wasm each kernel is
// timed as it runs, synchronously), for docs/performance.md's profile table and the bench's
// JS-versus-native kernel comparison.
import * as tf from '@tensorflow/tfjs-core';

export interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
}

export interface StepProfile {
  /** Wall time of the profiled step (profiling adds a little per kernel). */
  stepMs: number;
  /** Every kernel that ran, slowest total first. Kernels run inside others (a custom gradient's
   * "forward", an op wrapping its kernel) are counted in both. */
  kernels: KernelTime[];
}

/** Profiles one call of `step` (a training step). */
export async function profileStep(step: () => void): Promise<StepProfile> {
  let stepMs = 0;
  const info = await tf.profile(() => {
    const started = performance.now();
    step();
    stepMs = performance.now() - started;
  });
  const totals = new Map<string, KernelTime>();
  for (const k of info.kernels) {
    const row = totals.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
    row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    row.calls++;
    totals.set(k.name, row);
  }
  return { stepMs, kernels: [...totals.values()].sort((a, b) => b.ms - a.ms) };
}
