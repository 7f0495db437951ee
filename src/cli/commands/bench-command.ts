// `code-studio bench` (npm run bench): training and generation speed for the seed and small
// presets on every backend that loads here, and PyTorch's for the same shapes in the same run,
// with the ratios ours / PyTorch. Each measurement runs in its own process, one after another,
// so memory peaks are per measurement and nothing competes for the CPU.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { BACKEND_PREFERENCES, type BackendPreference } from '../../shared/config/backend-preference';
import { isPresetName, resolveTrainConfig, type PresetName } from '../../shared/config/presets';
import { runTorchReference, type TorchResult } from '../../services/bench/torch-reference';
import { action, makeOutput, parseIntOption } from '../output';
import { benchInspector } from './bench-inspector';
import { benchPlayground } from './bench-playground';
import { benchDatasets } from './bench-datasets';
import { benchNearDuplicates } from './bench-near-duplicates';
import { benchDatasetScroll } from './bench-datasets-scroll';
import { compareHere, compareInChild, comparisonTables, type ComparisonResult } from './bench-kernels';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../../bin/code-studio.mjs', import.meta.url));
const TORCH_SCRIPT = fileURLToPath(new URL('../../../../shared/bench/torch_reference.py', import.meta.url));

/** The workload of the issue and of torch_reference.py's defaults. */
const SHAPE = { sourceVocab: 1700, targetVocab: 8449, batch: 32, sourceLength: 24, targetLength: 64, decodeLength: 64 };
/** The plain JS backend is ~100× slower: one pair per batch and one timed step, within a time box. */
const CPU_SHAPE = { ...SHAPE, batch: 1 };
const CPU_TIME_BOX_MS = 2 * 60_000;

interface BenchFlags {
  presets: string;
  backends: string;
  steps: number;
  warmup: number;
  torch: boolean;
  json?: boolean;
  one?: string;
  soak?: number;
  backend?: string;
  playground: boolean;
  playgroundOnly?: boolean;
  playgroundPreset: string;
  inspector: boolean;
  inspectorOnly?: boolean;
  datasets: boolean;
  datasetsOnly?: boolean;
  datasetPairs: number;
  kernelComparison: boolean;
  kernelsOnly?: boolean;
  compareKernels?: string;
}

interface Row {
  preset: string;
  backend: string;
  batch: number;
  ours?: Record<string, number>;
  torch?: TorchResult | null;
  skipped?: string;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('measure training and generation speed (seed and small presets, every backend that loads) next to PyTorch')
    .option('--presets <list>', 'presets to measure', 'seed,small')
    .option('--backends <list>', `backends to try: ${BACKEND_PREFERENCES.filter((b) => b !== 'auto').join(',')}`, 'tensorflow-gpu,tensorflow,wasm-blas,wasm,cpu')
    .option('--steps <n>', 'timed training steps (median reported)', parseIntOption('--steps'), 5)
    .option('--warmup <n>', 'untimed training steps first', parseIntOption('--warmup'), 2)
    .option('--no-torch', 'skip the PyTorch reference')
    .option('--json', 'JSON lines only')
    .option('--soak <minutes>', 'instead: train the first preset for this long and check that tensor count and RSS stay flat', parseIntOption('--soak'))
    .option('--backend <name>', 'backend for --soak (default auto: best available)', 'auto')
    .option('--no-playground', 'skip the playground numbers (generation latency, UI overhead, cost to training)')
    .option('--playground-only', 'measure only the playground numbers')
    .option('--playground-preset <preset>', 'model size for the playground numbers', 'small')
    .option('--no-inspector', 'skip the attention inspector numbers (time to a drawn view, frame time while hovering)')
    .option('--inspector-only', 'measure only the attention inspector numbers')
    .option('--no-datasets', 'skip the dataset numbers (import, search, near-duplicate grouping at 600k pairs)')
    .option('--datasets-only', 'measure only the dataset numbers')
    .option('--dataset-pairs <n>', 'size of the synthetic datasets', parseIntOption('--dataset-pairs'), 600_000)
    .option('--no-kernel-comparison', 'skip the comparison of the JS kernels with the native ones (layer norm, Adam, dropout masks, Transpose)')
    .option('--kernels-only', 'measure only the JS-versus-native kernel comparison (and PyTorch, unless --no-torch)')
    .option('--one <preset:backend>', 'internal: measure one combination in this process and print it as JSON')
    .option('--compare-kernels <preset:backend>', 'internal: compare JS and native kernels in this process and print it as JSON')
    .action(
      action(async (flags: BenchFlags) => {
        if (flags.one) return measureOne(flags);
        if (flags.compareKernels) {
          const [preset, backend] = flags.compareKernels.split(':') as [PresetName, BackendPreference];
          return compareHere(preset, backend, SHAPE, flags.warmup, flags.steps);
        }
        if (flags.soak !== undefined) return soak(flags);
        const out = makeOutput(flags.json === true);
        const playground = () => {
          const preset = flags.playgroundPreset;
          if (preset !== 'tiny' && preset !== 'small' && preset !== 'seed') throw new Error(`--playground-preset must be tiny, small or seed, got "${preset}"`);
          return benchPlayground(out, { repoRoot: REPO_ROOT, preset, generations: 11, windowSeconds: 30, chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
        };
        const inspector = () => benchInspector(out, { repoRoot: REPO_ROOT, chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', repeats: 5 });
        if (flags.playgroundOnly) return playground();
        const datasets = async () => {
          const log = (line: string) => out.say(line);
          out.emit({ event: 'bench-datasets', ...(await benchDatasets({ pairs: flags.datasetPairs, log })) });
          out.emit({ event: 'bench-near-duplicates', ...(await benchNearDuplicates({ pairs: flags.datasetPairs, log })) });
          out.emit({ event: 'bench-dataset-scroll', ...(await benchDatasetScroll(out, { repoRoot: REPO_ROOT, chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', pairs: flags.datasetPairs })) });
        };
        if (flags.inspectorOnly) return inspector();
        if (flags.datasetsOnly) return datasets();
        const presets = flags.presets.split(',').map((p) => p.trim());
        for (const p of presets) if (!isPresetName(p)) throw new Error(`unknown preset "${p}"`);
        const backends = flags.backends.split(',').map((b) => b.trim()) as BackendPreference[];
        for (const b of backends) if (!BACKEND_PREFERENCES.includes(b) || b === 'auto') throw new Error(`unknown backend "${b}"`);
        out.say(`workload: batch ${SHAPE.batch} × source ${SHAPE.sourceLength} / target ${SHAPE.targetLength} tokens, vocabularies ${SHAPE.sourceVocab} / ${SHAPE.targetVocab}; decoding ${SHAPE.decodeLength} tokens\n`);
        const rows: Row[] = [];
        const comparisons: ComparisonResult[] = [];
        // The JS-versus-native kernel comparison runs on the fastest wasm backend asked for.
        const comparedOn = backends.find((b) => b === 'wasm-blas') ?? backends.find((b) => b === 'wasm');
        for (const preset of presets as PresetName[]) {
          const config = resolveTrainConfig(preset);
          const m = config.model;
          let torch: TorchResult | null = null;
          if (flags.torch) {
            out.say(`${preset}: PyTorch reference…`);
            const reference = await runTorchReference(TORCH_SCRIPT, {
              dModel: m.dModel, layers: m.encoderLayers, heads: m.numHeads, dFF: m.dFF, dropout: m.dropout, ...SHAPE, steps: flags.steps, warmup: flags.warmup,
            });
            torch = reference.result;
            if (!torch) out.say(`  PyTorch not measured: ${reference.reason}`);
          }
          for (const backend of flags.kernelsOnly ? [] : backends) {
            out.say(`${preset}: ${backend}…`);
            const measured = await measureInChild(preset, backend, flags);
            const row: Row = { preset, backend, batch: backend === 'cpu' ? CPU_SHAPE.batch : SHAPE.batch, torch, ...measured };
            rows.push(row);
            out.emit({ event: 'bench', ...row, ratios: ratios(row) });
            if (row.skipped) out.say(`  not measured: ${row.skipped}`);
          }
          if (flags.kernelComparison && comparedOn) {
            out.say(`${preset}: JS kernels vs native kernels on ${comparedOn}…`);
            const result: ComparisonResult = { preset, backend: comparedOn, torchTokensPerSecond: torch?.train_tgt_tokens_per_s, ...(await compareInChild(CLI, REPO_ROOT, preset, comparedOn, flags.warmup, flags.steps)) };
            comparisons.push(result);
            out.emit({ event: 'bench-kernels', ...result });
            if ('skipped' in result) out.say(`  not measured: ${result.skipped}`);
          }
        }
        if (rows.length) out.say('\n' + table(rows));
        if (comparisons.length) out.say('\n' + comparisonTables(comparisons));
        if (flags.kernelsOnly) return;
        if (flags.playground) await playground();
        if (flags.inspector) await inspector();
        if (flags.datasets) await datasets();
      }),
    );
}

async function measureOne(flags: BenchFlags): Promise<void> {
  const [preset, backend] = flags.one!.split(':') as [PresetName, BackendPreference];
  const { initBackend } = await import('../../ml/backend');
  const { benchEngine } = await import('../../ml/bench/bench-engine');
  const info = await initBackend(backend);
  const cpu = info.name === 'cpu';
  const result = benchEngine(resolveTrainConfig(preset), cpu ? CPU_SHAPE : SHAPE, cpu ? { warmup: 0, steps: 1, decodeRuns: 1 } : { warmup: flags.warmup, steps: flags.steps, decodeRuns: 3 });
  process.stdout.write(JSON.stringify({ backendLabel: info.label, ...result }) + '\n');
}

async function soak(flags: BenchFlags): Promise<void> {
  const out = makeOutput(flags.json === true);
  const preset = flags.presets.split(',')[0].trim();
  if (!isPresetName(preset)) throw new Error(`unknown preset "${preset}"`);
  if (!BACKEND_PREFERENCES.includes(flags.backend as BackendPreference)) throw new Error(`unknown --backend "${flags.backend}"`);
  const { initBackend } = await import('../../ml/backend');
  const { soakEngine } = await import('../../ml/bench/soak-engine');
  const info = await initBackend(flags.backend as BackendPreference);
  out.say(`memory soak: ${preset} preset on ${info.label} for ${flags.soak} minutes (${flags.warmup} warm-up steps)`);
  let lastSaid = 0;
  const result = soakEngine(resolveTrainConfig(preset), SHAPE, flags.soak!, flags.warmup, (sample) => {
    out.emit({ event: 'soak-sample', ...sample });
    if (sample.elapsedS - lastSaid >= 60) {
      lastSaid = sample.elapsedS;
      out.say(`  ${(sample.elapsedS / 60).toFixed(0)} min, step ${sample.step}: ${sample.tensors} tensors, ${sample.tensorMb.toFixed(0)} MB in tensors, RSS ${sample.rssMb.toFixed(0)} MB`);
    }
  });
  out.emit({ event: 'soak', preset, backendLabel: info.label, ...result });
  const { first, last } = result;
  out.say(
    `${result.flat ? 'flat' : 'NOT flat'}: after warm-up ${first.tensors} tensors / RSS ${first.rssMb.toFixed(0)} MB; ` +
      `after ${result.steps} steps ${last.tensors} tensors / RSS ${last.rssMb.toFixed(0)} MB (max ${result.maxRssMb.toFixed(0)} MB)`,
  );
  if (!result.flat) process.exitCode = 1;
}

function measureInChild(preset: string, backend: string, flags: BenchFlags): Promise<{ ours?: Record<string, number>; skipped?: string }> {
  const args = [CLI, 'bench', '--one', `${preset}:${backend}`, '--steps', String(flags.steps), '--warmup', String(flags.warmup)];
  return new Promise((resolve) => {
    const timeout = backend === 'cpu' ? CPU_TIME_BOX_MS : 30 * 60_000;
    execFile(process.execPath, args, { cwd: REPO_ROOT, timeout, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error?.killed) {
        return resolve({ skipped: `did not finish within ${timeout / 60_000} minutes (the plain JS backend is a last resort)` });
      }
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const parsed = JSON.parse(line) as Record<string, number>;
        if (!error) return resolve({ ours: parsed });
      } catch {
        /* fall through to the failure */
      }
      const message = (stderr || error?.message || '').trim().split('\n').filter((l) => /\w/.test(l) && !l.startsWith('=')).pop() ?? 'failed';
      resolve({ skipped: message.replace(/^error: /, '') });
    });
  });
}

function ratios(row: Row): Record<string, number | null> {
  const o = row.ours;
  const t = row.torch;
  if (!o || !t) return {};
  return {
    train_vs_torch: o.trainTargetTokensPerSecond / t.train_tgt_tokens_per_s,
    greedy_vs_torch_full_prefix: o.greedyMsPerToken / t.decode_ms_per_token,
    greedy_vs_torch_kv: t.decode_kv_ms_per_token ? o.greedyMsPerToken / t.decode_kv_ms_per_token : null,
    beam4_vs_greedy: o.beam4MsPerToken / o.greedyMsPerToken,
  };
}

function table(rows: Row[]): string {
  const header = ['preset', 'backend', 'train tok/s', 'torch tok/s', 'ours/torch', 'greedy ms/tok', 'torch ms/tok (no cache)', 'ours/torch', 'torch kv ms/tok', 'beam-4 ms/tok', 'beam-4/greedy', 'peak RSS MB'];
  const f = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
  const lines = rows.map((row) => {
    const o = row.ours;
    const t = row.torch;
    const r = ratios(row);
    const backend = `${row.backend}${row.batch !== SHAPE.batch ? ` (batch ${row.batch})` : ''}`;
    if (!o) return [row.preset, backend, `not measured: ${row.skipped}`];
    return [
      row.preset, backend, f(o.trainTargetTokensPerSecond, 0), f(t?.train_tgt_tokens_per_s, 0), f(r.train_vs_torch, 2) + '×',
      f(o.greedyMsPerToken, 2), f(t?.decode_ms_per_token, 2), f(r.greedy_vs_torch_full_prefix, 2) + '×', f(t?.decode_kv_ms_per_token, 2),
      f(o.beam4MsPerToken, 2), f(r.beam4_vs_greedy, 2) + '×', f(o.peakRssMb, 0),
    ];
  });
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => (l[i] ?? '').length)));
  return all.map((l) => l.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ')).join('\n');
}
