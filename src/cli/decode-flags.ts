// Decoding options as command-line flags: the run's recommended decoding by default (greedy for
// runs that recommend none), --greedy, --beam N, or --sample with --temperature / --top-k /
// --top-p / --seed.
import type { Command } from 'commander';
import type { DecodeOptions } from '../ml/decode/decode-options';
import { parseIntOption, parseNumberOption } from './output';

export interface DecodeFlags {
  greedy?: boolean;
  beam?: number;
  lengthPenalty: number;
  sample?: boolean;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  maxLength?: number;
}

export function addDecodeOptions(command: Command): Command {
  return command
    .option('--greedy', "greedy decoding, whatever the run recommends")
    .option('--beam <width>', 'beam search with this many beams', parseIntOption('--beam'))
    .option('--length-penalty <alpha>', 'beam search length penalty α (0 = none)', parseNumberOption('--length-penalty'), 0.6)
    .option('--sample', 'sample instead of searching')
    .option('--temperature <t>', 'sampling temperature', parseNumberOption('--temperature'), 0.8)
    .option('--top-k <k>', 'sample among the k most likely tokens (0 = all)', parseIntOption('--top-k'), 0)
    .option('--top-p <p>', 'nucleus sampling: smallest set with this much probability', parseNumberOption('--top-p'), 0.95)
    .option('--seed <n>', 'random seed for sampling', parseIntOption('--seed'), 1)
    .option('--max-length <n>', 'longest output in tokens (default: the model limit)', parseIntOption('--max-length'));
}

/** True when the flags name no strategy: the run's recommendation applies. */
export function decodingUnspecified(flags: DecodeFlags): boolean {
  return !flags.greedy && flags.beam === undefined && !flags.sample;
}

/** The flags' decoding, or (none named) the run's recommended one with the flags' --max-length. */
export function decodeOptionsFor(flags: DecodeFlags, recommended: DecodeOptions | undefined): DecodeOptions {
  if (!decodingUnspecified(flags) || !recommended) return decodeOptions(flags);
  return flags.maxLength !== undefined ? { ...recommended, maxLength: flags.maxLength } : recommended;
}

export function decodeOptions(flags: DecodeFlags): DecodeOptions {
  if ([flags.greedy, flags.beam !== undefined, flags.sample].filter(Boolean).length > 1) throw new Error('choose one of --greedy, --beam and --sample');
  if (flags.beam !== undefined) {
    if (flags.beam < 1) throw new Error('--beam must be at least 1');
    return { strategy: 'beam', beamWidth: flags.beam, lengthPenalty: flags.lengthPenalty, maxLength: flags.maxLength };
  }
  if (flags.sample) {
    if (flags.temperature <= 0) throw new Error('--temperature must be greater than 0');
    if (flags.topP <= 0 || flags.topP > 1) throw new Error('--top-p must be in (0, 1]');
    return { strategy: 'sample', temperature: flags.temperature, topK: flags.topK, topP: flags.topP, seed: flags.seed, maxLength: flags.maxLength };
  }
  return { strategy: 'greedy', maxLength: flags.maxLength };
}
