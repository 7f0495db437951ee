// `code-studio train`: train a new run (or --resume one) and show its progress; Ctrl+C stops after
// the current step with a checkpoint, so the run can be resumed later.
import type { Command } from 'commander';
import { describeSettings } from '../../shared/generation/decode-settings';
import { BACKEND_PREFERENCES, type BackendPreference } from '../../shared/config/backend-preference';
import type { RunEvent } from '../../jobs/train-run';
import { isPresetName, parseOverrides, PRESET_NAMES } from '../../shared/config/presets';
import { addDataOptions, cleanOptions, importOptions, type DataFlags } from '../data-options';
import { DEFAULT_SPLIT_FRACTIONS } from '../../shared/dataset/split';
import { action, formatDuration, makeOutput, parseIntOption, parseNumberOption, type Output } from '../output';
import { STDLIB_CORPUS } from '../../shared/config/pretrain-config';
import { pretrainOverride, pretrainPrinter, type PretrainFlags } from '../pretrain-options';

interface TrainFlags extends DataFlags, PretrainFlags {
  data: string[];
  splitBy: string;
  preset: string;
  runDir: string;
  minutes?: number;
  set: string[];
  resume?: boolean;
  backend?: string;
  name?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description('train an English→Python Transformer on a dataset file; checkpoints and metrics go to --run-dir')
    .option('--data <file>', 'dataset file (any format `import` reads), split 80/10/10; repeat it to add more training files (only the first is split; repeats and pairs that would leak into its validation or test split are left out)', collect, [])
    .option('--split-by <key>', 'keep together in one split: pairs of one question (question_id, when the file has it) and of one description, or of one description only', 'question')
    .option('--preset <name>', `starting configuration: ${PRESET_NAMES.join(', ')}`, 'small')
    .requiredOption('--run-dir <dir>', 'folder for this run (run.json, tokenizer.json, metrics.jsonl, checkpoints/)')
    .option('--minutes <n>', 'train for at most this many minutes in this call, then checkpoint and stop (--resume continues)', parseNumberOption('--minutes'))
    .option('--set <key=value>', 'override a config field, e.g. --set batchSize=16 --set model.dModel=64 (repeatable)', collect, [])
    .option('--resume', 'continue the run in --run-dir from its latest checkpoint')
    .option('--backend <name>', `TF.js backend: ${BACKEND_PREFERENCES.join(', ')} (default auto: best available)`)
    .option('--name <text>', 'a name for the run')
    .option('--pretrain-corpus <dir>', `before training on the pairs, pretrain the decoder on every *.py file under this folder ("${STDLIB_CORPUS}": this machine's Python standard library)`)
    .option('--pretrain-steps <n>', 'pretraining steps (with --pretrain-corpus)', parseIntOption('--pretrain-steps'))
    .option('--pretrain-minutes <n>', 'pretraining minutes, over all resumes (with --pretrain-corpus)', parseNumberOption('--pretrain-minutes'))
    .option('--json', 'one JSON object per line: progress events, then a summary');
  addDataOptions(command, true).action(
    action(async (flags: TrainFlags) => {
      const out = makeOutput(flags.json === true);
      if (!isPresetName(flags.preset)) throw new Error(`unknown --preset "${flags.preset}"; choose one of ${PRESET_NAMES.join(', ')}`);
      if (flags.backend && !BACKEND_PREFERENCES.includes(flags.backend as BackendPreference)) {
        throw new Error(`unknown --backend "${flags.backend}"; choose one of ${BACKEND_PREFERENCES.join(', ')}`);
      }
      if (!flags.resume && flags.data.length === 0) throw new Error('--data FILE is required for a new run (or pass --resume)');
      if (flags.resume && flags.data.length) throw new Error('--data cannot change when resuming: the run reads the files it started with');
      if (flags.splitBy !== 'question' && flags.splitBy !== 'description') throw new Error(`--split-by must be question or description, got "${flags.splitBy}"`);
      let stopRequested = false;
      const onSignal = () => {
        if (stopRequested) process.exit(130);
        stopRequested = true;
        out.say('stopping after this step (press Ctrl+C again to quit at once)…');
      };
      process.on('SIGINT', onSignal);
      const overrides = { ...parseOverrides(flags.set), ...(await pretrainOverride(flags)) };
      const clean = cleanOptions(flags);
      try {
        const { trainRun } = await import('../../jobs/train-run');
        const result = await trainRun({
          runDir: flags.runDir,
          data: flags.data.length ? {
            path: flags.data[0], import: importOptions(flags), clean: clean ?? false,
            split: { fractions: { ...DEFAULT_SPLIT_FRACTIONS }, salt: '', groupBy: flags.splitBy === 'question' ? 'group' : 'description' },
            ...(flags.data.length > 1 ? { extraTraining: flags.data.slice(1).map((path) => ({ path, import: importOptions(flags) })) } : {}),
          } : undefined,
          preset: flags.preset,
          overrides,
          resume: flags.resume,
          maxMinutes: flags.minutes,
          backend: flags.backend as BackendPreference | undefined,
          name: flags.name,
          shouldStop: () => stopRequested,
          onEvent: progressPrinter(out, flags.minutes),
        });
        const s = result.manifest.summary;
        out.emit({ event: 'summary', runDir: result.runDir, reason: result.reason, steps: s.steps, epochs: s.epochs, elapsedMs: s.elapsedMs, bestBleu: s.bestBleu, bestStep: s.bestStep });
        out.say(`\n${result.reason}: ${s.steps} steps in ${formatDuration(s.elapsedMs)}; best validation BLEU ${s.bestBleu?.toFixed(2) ?? '—'} at step ${s.bestStep ?? '—'}`);
        out.say(`run saved in ${result.runDir}  (try: code-studio generate --run ${result.runDir} "sort a list in reverse order")`);
      } finally {
        process.off('SIGINT', onSignal);
      }
    }),
  );
}

/** Prints step lines at most every 2 s (people) or 10 per second (--json), and every evaluation. */
function progressPrinter(out: Output, minutes: number | undefined): (event: RunEvent) => void {
  let lastPrint = 0;
  let maxSteps = 0;
  let runMinutes = 0;
  let lastTuningPrint = 0;
  const callMinutes = minutes ?? 0;
  let callStartElapsed = 0;
  let smoothed: number | null = null;
  const pretrain = pretrainPrinter(out);
  return (event) => {
    switch (event.type) {
      case 'pretrain':
        pretrain(event);
        break;
      case 'prepared': {
        maxSteps = event.config.maxSteps;
        runMinutes = event.config.maxMinutes;
        callStartElapsed = -1;
        const { config, ...rest } = event;
        out.emit({ event: 'prepared', ...rest, backend: event.backend.label, config });
        const d = event.dataset;
        out.say(`backend: ${event.backend.label}${event.backend.skipped.length ? `  (not available: ${event.backend.skipped.join('; ')})` : ''}`);
        out.say(`data: ${d.pairs} pairs from ${d.path} → ${d.train} train · ${d.validation} validation · ${d.test} test (${d.skipped} too long or untokenizable, listed in skipped.jsonl)`);
        for (const e of d.extraTraining ?? []) {
          out.say(`  + ${e.added} training pairs from ${e.path} (of ${e.pairs}; ${e.duplicates} repeats and ${e.leaks} that would leak into validation or test left out)`);
        }
        out.say(`model: ${(event.parameterCount / 1e6).toFixed(2)}M parameters · vocabularies ${event.sourceVocabulary} English / ${event.targetVocabulary} Python`);
        if (event.resumedFromStep !== null) out.say(`resuming from step ${event.resumedFromStep}`);
        break;
      }
      case 'step': {
        smoothed = smoothed === null ? event.loss : 0.95 * smoothed + 0.05 * event.loss;
        const now = Date.now();
        if (now - lastPrint < (out.json ? 100 : 2000)) return;
        lastPrint = now;
        out.emit({ event: 'step', ...omitType(event) });
        const bySteps = ((maxSteps - event.step) * event.elapsedMs) / event.step;
        if (callStartElapsed < 0) callStartElapsed = event.elapsedMs;
        const byTime = callMinutes > 0 ? callMinutes * 60_000 - (event.elapsedMs - callStartElapsed) : Infinity;
        // A time-limited run (the CoNaLa recipe's 57 minutes) ends by its clock, not at maxSteps.
        const byRunTime = runMinutes > 0 ? runMinutes * 60_000 - event.elapsedMs : Infinity;
        const eta = ` · ${formatDuration(Math.max(0, Math.min(bySteps, byTime, byRunTime)))} left at most`;
        out.say(`step ${event.step}/${maxSteps} · loss ${event.loss.toFixed(3)} (avg ${smoothed.toFixed(3)}) · lr ${event.learningRate.toExponential(1)} · ${Math.round(event.targetTokensPerSecond)} tok/s · ${formatDuration(event.elapsedMs)}${eta}`);
        break;
      }
      case 'evaluation': {
        out.emit({ event: 'evaluation', ...omitType(event) });
        const syntax = Number.isFinite(event.syntaxValid) ? ` · parses ${event.syntaxValid.toFixed(0)}%` : '';
        out.say(`  eval @${event.step}: validation loss ${event.validationLoss.toFixed(3)} · BLEU ${event.bleu.toFixed(2)} · exact ${event.exactMatch.toFixed(1)}%${syntax}`);
        const sample = event.samples[0];
        if (sample) out.say(`    "${sample.description}"\n      → ${sample.hypothesis.split('\n').join('\n        ')}`);
        break;
      }
      case 'checkpoint':
        out.emit({ event: 'checkpoint', ...omitType(event) });
        break;
      case 'fine-tuning':
        out.emit({ event: 'fine-tuning', ...omitType(event) });
        out.say(`fine-tuning from step ${event.step} on the first file's ${event.examples} training pairs alone`);
        break;
      case 'reranker':
        if (event.done === 0) out.say(`tuning the reranker: beam search on ${event.total} validation pairs…`);
        else if (Date.now() - lastTuningPrint > 5000 || event.done === event.total) {
          lastTuningPrint = Date.now();
          out.say(`  ${event.done}/${event.total}`);
        }
        break;
      case 'reranker-tuned':
        out.emit({ event: 'reranker-tuned', ...omitType(event) });
        out.say(`reranker: validation BLEU ${event.logProbBleu.toFixed(2)} (the most likely candidate) → ${event.bleu.toFixed(2)} reranked, tuned in ${event.seconds.toFixed(0)} s`);
        out.say(`the run recommends: ${describeSettings(event.settings)} (eval and generate use it by default)`);
        break;
      case 'done':
        out.emit({ event: 'done', ...omitType(event) });
        break;
    }
  };
}

function omitType<T extends { type: string }>(event: T): Omit<T, 'type'> {
  const { type: _, ...rest } = event;
  return rest;
}
