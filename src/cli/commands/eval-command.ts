// `code-studio eval`: score a trained run on any importable file — CoNaLa BLEU, exact match and
// the share of outputs that parse — optionally writing every example with its output.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatImportReport, loadDataset } from '../../services/datasets/load-dataset';
import { getPythonSyntaxChecker } from '../../services/python/syntax-check';
import { addDataOptions, cleanOptions, importOptions, type DataFlags } from '../data-options';
import { addDecodeOptions, decodeOptionsFor, decodingUnspecified, type DecodeFlags } from '../decode-flags';
import { describeSettings } from '../../shared/generation/decode-settings';
import { action, makeOutput, parseIntOption, type Output } from '../output';
import { RunStore } from '../../services/runs/run-store';
import type { Pair } from '../../shared/dataset/pair';

interface EvalFlags extends DataFlags, DecodeFlags {
  run: string;
  data?: string;
  split?: string;
  out?: string;
  limit?: number;
  checkpoint: 'best' | 'latest';
  rawWeights?: boolean;
  json?: boolean;
}

export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .description('score a trained run on a dataset file: BLEU (CoNaLa), exact match, syntax-valid rate')
    .requiredOption('--run <dir>', 'run folder written by `train`')
    .option('--data <file>', 'pairs to score on (any format `import` reads); references are used as imported unless --clean')
    .option('--split <name>', "instead of --data: the run's own validation or test split of the file it was split from (read and cleaned as in training)")
    .option('--out <file>', 'also write one JSON line per example: description, reference, hypothesis, scores')
    .option('--limit <n>', 'score only the first n pairs', parseIntOption('--limit'))
    .option('--checkpoint <which>', 'best (by validation BLEU) or latest', 'best')
    .option('--raw-weights', "the trained weights rather than their moving average (runs with averageDecay keep both)")
    .option('--json', 'print the scores as one JSON object');
  addDecodeOptions(command);
  addDataOptions(command, false).action(
    action(async (flags: EvalFlags) => {
      const out = makeOutput(flags.json === true);
      if (flags.checkpoint !== 'best' && flags.checkpoint !== 'latest') throw new Error('--checkpoint must be best or latest');
      const manifest = await new RunStore(flags.run).readManifest();
      const decoding = decodeOptionsFor(flags, manifest.decoding);
      if (decodingUnspecified(flags) && manifest.decoding) out.say(`decoding: ${describeSettings(decoding)}, as the run recommends (--greedy, --beam or --sample to choose)`);
      const { pairs: all, from } = await pairsToScore(flags, out);
      const pairs = flags.limit !== undefined ? all.slice(0, flags.limit) : all;
      if (pairs.length === 0) throw new Error(`${from}: no pairs to evaluate on`);
      // TF.js loads only when a command needs it, so --help and argument errors answer at once.
      const [{ openRun }, { evaluatePairs }] = await Promise.all([import('../../jobs/open-run'), import('../../jobs/evaluate-run')]);
      const [run, checker] = await Promise.all([openRun(flags.run, { checkpoint: flags.checkpoint, averaged: flags.rawWeights !== true }), getPythonSyntaxChecker()]);
      try {
        out.say(`scoring ${pairs.length} pairs with ${run.checkpoint} (${decoding.strategy}, backend ${run.backend.label})…`);
        let lastReport = Date.now();
        const result = evaluatePairs(run, pairs, decoding, (code) => checker.check(code).ok, (done, total) => {
          if (Date.now() - lastReport < 5000) return;
          lastReport = Date.now();
          out.say(`  ${done}/${total}`);
        });
        if (flags.out) await writeFile(flags.out, result.examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
        const scores = { bleu: result.bleu, exact_match: result.exact_match, syntax_valid: result.syntax_valid, n: result.n };
        if (out.json) process.stdout.write(JSON.stringify(scores) + '\n');
        out.say(`BLEU ${result.bleu.toFixed(2)} · exact match ${result.exact_match.toFixed(1)}% · parses ${result.syntax_valid?.toFixed(1) ?? '—'}% · n = ${result.n}`);
        if (flags.out) out.say(`examples written to ${flags.out}`);
      } finally {
        run.dispose();
      }
    }),
  );
}

/** The pairs --data names, or the run's own --split of the file it was trained from. */
async function pairsToScore(flags: EvalFlags, out: Output): Promise<{ pairs: Pair[]; from: string }> {
  if (flags.split !== undefined) {
    if (flags.data) throw new Error('give --data FILE or --split NAME, not both');
    if (flags.split !== 'validation' && flags.split !== 'test') throw new Error(`--split must be validation or test, got "${flags.split}"`);
    const manifest = await new RunStore(flags.run).readManifest();
    const { loadSplit } = await import('../../jobs/prepare-data');
    const { split } = await loadSplit({ ...manifest.dataOptions, extraTraining: undefined });
    return { pairs: split[flags.split], from: `the ${flags.split} split of ${manifest.dataOptions.path}` };
  }
  if (!flags.data) throw new Error('--data FILE (pairs to score on) or --split validation|test (the run\'s own held-out pairs) is required');
  const loaded = await loadDataset(flags.data, { ...importOptions(flags), clean: cleanOptions(flags) ?? false });
  if (loaded.importReport.issues.length) out.say(formatImportReport(loaded.importReport, { maxItems: 5 }) + '\n');
  return { pairs: loaded.pairs, from: flags.data };
}
