// `code-studio generate --run DIR "English prompt"`: write Python with a trained run and check
// that it parses. `--stream` prints the code as it is decoded; `--json` reports every token with
// its probability and alternatives (with --stream, one JSON line per event as it happens).
import type { Command } from 'commander';
import { getPythonSyntaxChecker } from '../../services/python/syntax-check';
import type { GenerationEvent } from '../../shared/generation/generation';
import { CheckpointChoiceSchema } from '../../shared/generation/generation';
import { describeSettings } from '../../shared/generation/decode-settings';
import { stableText, tokenSpans } from '../../shared/generation/token-spans';
import { addDecodeOptions, decodeOptionsFor, type DecodeFlags } from '../decode-flags';
import { RunStore } from '../../services/runs/run-store';
import { action, makeOutput, parseIntOption } from '../output';

interface GenerateFlags extends DecodeFlags {
  run: string;
  checkpoint: string;
  json?: boolean;
  stream?: boolean;
  alternatives: number;
}

export function registerGenerate(program: Command): void {
  const command = program
    .command('generate')
    .description('write Python for an English description with a trained run')
    .argument('<prompt...>', 'what the code should do, in English')
    .requiredOption('--run <dir>', 'run folder written by `train`')
    .option('--checkpoint <which>', 'best (by validation BLEU), latest, or a step-NNNNNN folder', 'best')
    .option('--stream', 'print the code token by token as it is decoded')
    .option('--alternatives <n>', 'alternatives reported per token with --json (0–10)', parseIntOption('--alternatives'), 5)
    .option('--json', 'print JSON: every candidate with per-token probabilities and alternatives');
  addDecodeOptions(command).action(
    action(async (words: string[], flags: GenerateFlags) => {
      const out = makeOutput(flags.json === true);
      const checkpoint = CheckpointChoiceSchema.safeParse(flags.checkpoint);
      if (!checkpoint.success) throw new Error(`--checkpoint must be best, latest or a step-NNNNNN folder name, got "${flags.checkpoint}"`);
      if (flags.alternatives > 10) throw new Error('--alternatives must be at most 10');
      const settings = decodeOptionsFor(flags, (await new RunStore(flags.run).readManifest()).decoding);
      // TF.js loads only when a command needs it, so --help and argument errors answer at once.
      const [{ openRun }, { generateCode }] = await Promise.all([import('../../jobs/open-run'), import('../../jobs/generate')]);
      const [run, checker] = await Promise.all([openRun(flags.run, { checkpoint: checkpoint.data }), getPythonSyntaxChecker()]);
      try {
        const printer = flags.stream && !out.json ? streamPrinter() : null;
        const generation = await generateCode(run, { prompt: words.join(' '), settings, alternatives: flags.alternatives }, {
          onEvent: (event) => {
            if (flags.stream) out.emit({ event: 'generation', ...event });
            printer?.onEvent(event);
          },
        });
        const candidates = generation.candidates.map((c) => {
          const syntax = checker.check(c.code);
          return { ...c, syntaxValid: syntax.ok, syntaxError: syntax.ok ? null : `line ${syntax.line}: ${syntax.message}` };
        });
        out.emit({ ...generation, event: 'result', strategy: settings.strategy, candidates });
        if (printer && settings.strategy !== 'beam') printer.finish(candidates[0]?.code ?? '');
        else {
          if (printer) process.stderr.write('\n');
          candidates.forEach((c, i) => {
            if (candidates.length > 1) out.say(`# candidate ${i + 1} (log-prob ${c.logProb.toFixed(2)})`);
            out.say(c.code);
          });
        }
        candidates.forEach((c, i) => {
          const which = candidates.length > 1 ? ` (candidate ${i + 1})` : '';
          if (!c.syntaxValid) out.say(`# ⚠ does not parse${which}: ${c.syntaxError}`);
          if (!c.finished) out.say(`# ⚠ cut at the length limit${which}`);
        });
        const { timing } = generation;
        out.say(`# ${describeSettings(settings)} · ${generation.checkpoint} · ${timing.tokens} tokens in ${timing.totalMs.toFixed(0)} ms (${timing.msPerToken.toFixed(1)} ms/token, first after ${timing.firstTokenMs.toFixed(0)} ms)`);
      } finally {
        run.dispose();
      }
    }),
  );
}

/** Writes the code as it grows: only the part later tokens cannot change (stableText). */
function streamPrinter(): { onEvent(event: GenerationEvent): void; finish(code: string): void } {
  const texts: string[] = [];
  let printed = '';
  return {
    onEvent(event) {
      if (event.type === 'beams') {
        // Beams are reordered until the end: show progress, print the winners once known.
        process.stderr.write(`\rbeam search: ${event.position + 1} tokens`);
        return;
      }
      if (event.type !== 'token') return;
      texts.push(event.token.text);
      const stable = stableText(tokenSpans(texts));
      if (stable.startsWith(printed)) {
        process.stdout.write(stable.slice(printed.length));
        printed = stable;
      }
    },
    finish(code) {
      process.stdout.write(code.startsWith(printed) ? `${code.slice(printed.length)}\n` : `\n# final text:\n${code}\n`);
    },
  };
}
