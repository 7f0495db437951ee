// `code-studio bench`'s comparison of the JS kernels with the native ones (layer norm, Adam,
// dropout masks, Transpose): one child process per preset alternates training steps between the
// two (src/ml/bench/kernel-comparison.ts), so the ratio is measured under the same conditions;
// then the tables: training speed-up, ours / PyTorch either way, and the profile per kernel.
import { execFile } from 'node:child_process';
import type { BackendPreference } from '../../shared/config/backend-preference';
import { resolveTrainConfig, type PresetName } from '../../shared/config/presets';
import type { KernelComparison } from '../../ml/bench/kernel-comparison';
import type { BenchShape } from '../../ml/bench/bench-engine';

export type ComparisonResult = { preset: string; backend: string; torchTokensPerSecond?: number } & ({ comparison: KernelComparison } | { skipped: string });

/** The kernels the native library replaces, as tf.profile names them. */
const NATIVE_KERNELS = ['StudioLayerNorm', 'StudioLayerNormGrad', 'StudioAdamUpdate', 'StudioDropoutMask', 'Transpose'];
/** The largest of the rest of a step, listed for scale. */
const CONTEXT_KERNELS = ['BatchMatMul', '_FusedMatMul', 'StudioSmoothedCrossEntropy', 'Multiply', 'Sum', 'Pack', 'Add', 'Softmax'];

/** In this process (the child): the comparison as one JSON line, or why it was not measured. */
export async function compareHere(preset: PresetName, backend: BackendPreference, shape: BenchShape, warmup: number, rounds: number): Promise<void> {
  const { initBackend } = await import('../../ml/backend');
  const { compareKernels } = await import('../../ml/bench/kernel-comparison');
  const info = await initBackend(backend);
  if (info.name !== 'wasm' || !info.kernels?.startsWith('native')) {
    process.stdout.write(JSON.stringify({ skipped: info.kernels ?? `no studio kernels on ${info.label}` }) + '\n');
    return;
  }
  const comparison = await compareKernels(resolveTrainConfig(preset), shape, warmup, rounds);
  process.stdout.write(JSON.stringify({ comparison }) + '\n');
}

export function compareInChild(cli: string, cwd: string, preset: string, backend: string, warmup: number, rounds: number): Promise<{ comparison: KernelComparison } | { skipped: string }> {
  const args = [cli, 'bench', '--compare-kernels', `${preset}:${backend}`, '--steps', String(rounds), '--warmup', String(warmup)];
  return new Promise((resolve) => {
    const timeout = 60 * 60_000;
    execFile(process.execPath, args, { cwd, timeout, maxBuffer: 1 << 22 }, (error, stdout, stderr) => {
      if (error?.killed) return resolve({ skipped: `did not finish within ${timeout / 60_000} minutes` });
      try {
        const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { comparison: KernelComparison } | { skipped: string };
        if (!error) return resolve(parsed);
      } catch {
        /* fall through to the failure */
      }
      const message = (stderr || error?.message || '').trim().split('\n').filter((l) => /\w/.test(l)).pop() ?? 'failed';
      resolve({ skipped: message.replace(/^error: /, '') });
    });
  });
}

const f = (v: number | undefined, digits = 0) => (v === undefined || !Number.isFinite(v) ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

function columns(all: string[][]): string {
  const widths = all[0].map((_, i) => Math.max(...all.map((l) => (l[i] ?? '').length)));
  return all.map((l) => l.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ')).join('\n');
}

export function comparisonTables(results: ComparisonResult[]): string {
  const lines: string[] = ['JS kernels vs native kernels (one process per preset, training steps alternated; speed-up = JS time / native time, medians; tok/s from the medians):'];
  const step = [['preset', 'backend', 'native kernels', 'steps', 'JS ms/step', 'native ms/step', 'speed-up', 'best JS / native ms', 'best speed-up', 'main-thread CPU JS / native ms', 'CPU speed-up', 'JS tok/s', 'native tok/s', 'steps/s JS → native', 'JS/torch', 'native/torch']];
  const kernels = [['preset', 'kernel', 'calls', 'JS ms', 'native ms', 'JS/native']];
  const calls = [['preset', 'call', 'JS ms', 'native ms', 'JS/native', 'least JS / native ms']];
  for (const r of results) {
    if (!('comparison' in r)) {
      step.push([r.preset, r.backend, `not measured: ${r.skipped}`]);
      continue;
    }
    const c = r.comparison;
    const torch = r.torchTokensPerSecond;
    step.push([
      r.preset, r.backend, c.nativeLabel, `${c.steps} + ${c.steps}`, f(c.jsMsPerStep), f(c.nativeMsPerStep), `${f(c.speedup, 2)}×`,
      `${f(c.jsBestMs)} / ${f(c.nativeBestMs)}`, `${f(c.bestSpeedup, 2)}×`,
      c.cpuSpeedup ? `${f(c.jsCpuMsPerStep)} / ${f(c.nativeCpuMsPerStep)}` : '—', c.cpuSpeedup ? `${f(c.cpuSpeedup, 2)}×` : '—', f(c.jsTargetTokensPerSecond), f(c.nativeTargetTokensPerSecond),
      `${f(1000 / c.jsMsPerStep, 2)} → ${f(1000 / c.nativeMsPerStep, 2)}`,
      torch ? `${f(c.jsTargetTokensPerSecond / torch, 2)}×` : '—', torch ? `${f(c.nativeTargetTokensPerSecond / torch, 2)}×` : '—',
    ]);
    const chosen = c.kernels.filter((k) => NATIVE_KERNELS.includes(k.kernel));
    for (const k of chosen) kernels.push([r.preset, k.kernel, f(k.calls), f(k.jsMs, 1), f(k.nativeMs, 1), `${f(k.jsMs / k.nativeMs, 1)}×`]);
    const sum = (key: 'jsMs' | 'nativeMs') => chosen.reduce((s, k) => s + k[key], 0);
    kernels.push([r.preset, 'these five', '', f(sum('jsMs'), 1), f(sum('nativeMs'), 1), `${f(sum('jsMs') / sum('nativeMs'), 1)}×`]);
    // For scale: what the rest of the step costs in the same profiles.
    for (const k of c.kernels.filter((k) => CONTEXT_KERNELS.includes(k.kernel))) kernels.push([r.preset, `(${k.kernel})`, f(k.calls), f(k.jsMs, 1), f(k.nativeMs, 1), '']);
    kernels.push([r.preset, '(the profiled step)', '', f(c.profiledStepMs.js), f(c.profiledStepMs.native), `${f(c.profiledStepMs.js / c.profiledStepMs.native, 2)}×`]);
    for (const k of c.calls) calls.push([r.preset, k.call, f(k.jsMedianMs, 2), f(k.nativeMedianMs, 2), `${f(k.jsMedianMs / k.nativeMedianMs, 1)}×`, `${f(k.jsLeastMs, 2)} / ${f(k.nativeLeastMs, 2)}`]);
  }
  lines.push(columns(step), '', 'per kernel, ms per training step (tf.profile; the least of three profiled steps of each):', columns(kernels));
  lines.push('', 'per call on the same shapes, JS and native alternated 30 times each (medians):', columns(calls));
  return lines.join('\n');
}
