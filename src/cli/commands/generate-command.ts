// `code-studio generate --run DIR "English prompt"`: write Python with a trained run and check
// that it parses.
import type { Command } from 'commander';
import { getPythonSyntaxChecker } from '../../services/python/syntax-check';
import { addDecodeOptions, decodeOptions, type DecodeFlags } from '../decode-flags';
import { action, makeOutput } from '../output';

interface GenerateFlags extends DecodeFlags {
  run: string;
  checkpoint: 'best' | 'latest';
  json?: boolean;
}

export function registerGenerate(program: Command): void {
  const command = program
    .command('generate')
    .description('write Python for an English description with a trained run')
    .argument('<prompt...>', 'what the code should do, in English')
    .requiredOption('--run <dir>', 'run folder written by `train`')
    .option('--checkpoint <which>', 'best (by validation BLEU) or latest', 'best')
    .option('--json', 'print one JSON object with every candidate');
  addDecodeOptions(command).action(
    action(async (words: string[], flags: GenerateFlags) => {
      const out = makeOutput(flags.json === true);
      if (flags.checkpoint !== 'best' && flags.checkpoint !== 'latest') throw new Error('--checkpoint must be best or latest');
      const decoding = decodeOptions(flags);
      // TF.js loads only when a command needs it, so --help and argument errors answer at once.
      const [{ openRun }, { generateCode }] = await Promise.all([import('../../jobs/open-run'), import('../../jobs/generate')]);
      const [run, checker] = await Promise.all([openRun(flags.run, { checkpoint: flags.checkpoint }), getPythonSyntaxChecker()]);
      try {
        const generation = generateCode(run, words.join(' '), decoding);
        const candidates = generation.candidates.map((c) => {
          const syntax = checker.check(c.code);
          return { ...c, syntaxValid: syntax.ok, syntaxError: syntax.ok ? null : `line ${syntax.line}: ${syntax.message}` };
        });
        out.emit({ prompt: generation.prompt, sourceTokens: generation.sourceTokens, strategy: decoding.strategy, milliseconds: generation.milliseconds, candidates });
        candidates.forEach((c, i) => {
          if (candidates.length > 1) out.say(`# candidate ${i + 1} (log-prob ${c.logProb.toFixed(2)})`);
          out.say(c.code);
          if (!c.syntaxValid) out.say(`# ⚠ does not parse: ${c.syntaxError}`);
          if (!c.finished) out.say('# ⚠ cut at the length limit');
        });
      } finally {
        run.dispose();
      }
    }),
  );
}
