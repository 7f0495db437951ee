// `code-studio rerank --run R`: tunes a trained run's n-best reranker on its validation split and
// makes beam search + reranking the run's recommended decoding (what `eval` and `generate` use by
// default). Training runs whose config says tuneReranker do this themselves when they finish.
import type { Command } from 'commander';
import { getPythonSyntaxChecker } from '../../services/python/syntax-check';
import { RunStore } from '../../services/runs/run-store';
import { describeSettings } from '../../shared/generation/decode-settings';
import { action, makeOutput, parseIntOption, parseNumberOption } from '../output';

interface RerankFlags {
  run: string;
  beam: number;
  lengthPenalty: number;
  checkpoint: 'best' | 'latest';
  reverse: boolean;
  json?: boolean;
}

export function registerRerank(program: Command): void {
  program
    .command('rerank')
    .description("tune n-best reranking on the run's validation split and make it the run's recommended decoding")
    .requiredOption('--run <dir>', 'run folder written by `train`')
    .option('--beam <width>', 'candidates per prompt', parseIntOption('--beam'), 8)
    .option('--length-penalty <alpha>', 'length penalty α of the search itself', parseNumberOption('--length-penalty'), 1)
    .option('--checkpoint <which>', 'best (by validation BLEU) or latest', 'best')
    .option('--no-reverse', "leave the run's reverse model out of the features (to measure what it adds)")
    .option('--json', 'print the result as one JSON object')
    .action(
      action(async (flags: RerankFlags) => {
        const out = makeOutput(flags.json === true);
        if (flags.beam < 2 || flags.beam > 16) throw new Error('--beam must be between 2 and 16: reranking needs candidates to choose from');
        if (flags.lengthPenalty < 0 || flags.lengthPenalty > 5) throw new Error('--length-penalty must be between 0 and 5');
        const store = new RunStore(flags.run);
        const manifest = await store.readManifest();
        const [{ openRun }, { loadSplit }, { tuneRunReranker }] = await Promise.all([
          import('../../jobs/open-run'), import('../../jobs/prepare-data'), import('../../jobs/tune-reranker'),
        ]);
        const { split } = await loadSplit({ ...manifest.dataOptions, extraTraining: undefined });
        const [run, checker] = await Promise.all([openRun(flags.run, { checkpoint: flags.checkpoint }), getPythonSyntaxChecker()]);
        try {
          if (!flags.reverse) run.reverse = undefined; // still disposed with the run
          out.say(`tuning the reranker on ${split.validation.length} validation pairs (beam ${flags.beam}, ${run.reverse ? 'with' : 'without'} a reverse model)…`);
          let lastReport = Date.now();
          const tuning = tuneRunReranker(run, split.validation, (code) => checker.check(code).ok, (done, total) => {
            if (Date.now() - lastReport < 5000) return;
            lastReport = Date.now();
            out.say(`  ${done}/${total}`);
          }, { beamWidth: flags.beam, lengthPenalty: flags.lengthPenalty });
          await store.update({ decoding: tuning.settings, reranker: { validationPairs: tuning.pairs, bleu: tuning.bleu, logProbBleu: tuning.logProbBleu, seconds: tuning.seconds } });
          const result = { weights: tuning.weights, validation_bleu: tuning.bleu, validation_bleu_forward_only: tuning.logProbBleu, n: tuning.pairs, seconds: tuning.seconds };
          if (out.json) process.stdout.write(JSON.stringify(result) + '\n');
          out.say(`validation BLEU ${tuning.logProbBleu.toFixed(2)} (the most likely candidate) → ${tuning.bleu.toFixed(2)} reranked, in ${tuning.seconds.toFixed(0)} s`);
          out.say(`the run now recommends: ${describeSettings(tuning.settings)}`);
        } finally {
          run.dispose();
        }
      }),
    );
}
