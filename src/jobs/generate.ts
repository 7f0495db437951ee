// English in, Python out, for one prompt, token by token: encode, run a step-by-step decoder,
// report every token (with its probability and alternatives) as it comes, stop when asked. The
// CLI, the engine (playground) and the bench all generate through this one function.
import * as tf from '@tensorflow/tfjs-core';
import { decodeSteps, scoreTokens } from '../ml/decode/decode';
import type { DecodedSequence, TokenChoice, TokenStep } from '../ml/decode/decode-options';
import type { DecodeSettings } from '../shared/generation/decode-settings';
import type { GeneratedCandidate, GeneratedToken, GenerationEvent, GenerationResult } from '../shared/generation/generation';
import { codeFromTokens } from '../shared/generation/token-spans';
import { basename } from 'node:path';
import { checkpointStep } from '../shared/runs/checkpoint-name';
import { EOS_ID } from '../shared/tokenizer/vocab';
import type { OpenedRun } from './open-run';
import { rerankCandidates } from './rerank-candidates';
import { getPythonSyntaxChecker } from '../services/python/syntax-check';
import { insideStringAfter, slotText, type Slot } from '../shared/codec/slots';

export interface GenerateInput {
  prompt: string;
  settings: DecodeSettings;
  prefix?: number[];
  /** Alternatives reported per token (default 5). */
  alternatives?: number;
}

export interface GenerateHooks {
  onEvent?: (event: GenerationEvent) => void;
  /** Asked between tokens: true stops decoding and returns what was decoded so far. */
  shouldStop?: () => boolean;
  /** Awaited between tokens, so the process can read messages (a cancel) while decoding. */
  pause?: () => Promise<void>;
  /** Time already spent waiting and loading, for the result's timing. */
  queuedMs?: number;
  loadMs?: number;
}

export async function generateCode(run: OpenedRun, input: GenerateInput, hooks: GenerateHooks = {}): Promise<GenerationResult> {
  if (!input.prompt.trim()) throw new Error('The prompt is empty: describe the code you want in English');
  // Per-token steps are what candidates are built from, so at least one alternative is always read.
  const alternatives = Math.max(1, input.alternatives ?? 5);
  const prefix = input.prefix ?? [];
  const checkpoint = basename(run.checkpoint);
  const ids = run.codec.encodeSource(input.prompt);
  const outputs = run.model.outputWidth(ids.length); // the vocabulary, and with copy attention the prompt's positions
  const bad = prefix.find((id) => id >= outputs);
  if (bad !== undefined) throw new Error(`The forced token id ${bad} is not one this run can write for this prompt (${outputs} choices)`);
  // The values the prompt quotes, written back wherever the model put their slot tokens.
  const slots = run.codec.slots(input.prompt);
  const read = run.codec.readTokens(input.prompt);
  const reader = new TokenReader(run, slots, read);
  const sourceTokens = run.codec.source.decode(Array.from(ids));
  hooks.onEvent?.({
    type: 'started', checkpoint, checkpointStep: checkpointStep(checkpoint) ?? 0, sourceTokens,
    queuedMs: hooks.queuedMs ?? 0, loadMs: hooks.loadMs ?? 0,
  });
  const source = tf.tensor2d(ids, [1, ids.length], 'int32');
  const started = performance.now();
  let firstTokenMs = 0;
  let positions = 0;
  let cancelled = false;
  const taken: TokenStep[] = [];
  let liveBeams: { ids: number[]; logProb: number }[] = [];
  let sequences: DecodedSequence[] = [];
  const steps = decodeSteps(run.model, source, input.settings, { prefix, alternatives });
  try {
    for (;;) {
      const next = steps.next();
      if (next.done) {
        sequences = next.value;
        break;
      }
      if (positions++ === 0) firstTokenMs = performance.now() - started;
      const event = next.value;
      if (event.type === 'token') {
        const token = reader.read(event.token);
        if (event.token.id !== EOS_ID) taken.push(event.token);
        hooks.onEvent?.({ type: 'token', position: event.position, token });
      } else {
        liveBeams = event.beams;
        hooks.onEvent?.({ type: 'beams', position: event.position, beams: event.beams.map((b) => ({ tokens: run.codec.targetTokens(b.ids, input.prompt), logProb: b.logProb })) });
      }
      await hooks.pause?.();
      if (hooks.shouldStop?.()) {
        cancelled = true;
        steps.return([]);
        // What was decoded so far: the tokens taken, or the best live beam re-read for its alternatives.
        sequences = input.settings.strategy === 'beam'
          ? liveBeams.slice(0, 1).map((b) => ({
            ids: b.ids, logProb: b.logProb, finished: false,
            steps: scoreTokens(run.model, source, b.ids, alternatives).map((step, i) => ({ ...step, forced: i < prefix.length })),
          }))
          : [{ ids: taken.map((t) => t.id), logProb: taken.reduce((sum, t) => sum + t.logProb, 0), finished: false, steps: taken }];
        break;
      }
    }
    // A reranked beam (the CoNaLa recipe's recommendation): the final beams in the reranker's order.
    if (input.settings.strategy === 'beam' && input.settings.rerank && !cancelled && sequences.length > 1) {
      const checker = await getPythonSyntaxChecker();
      sequences = rerankCandidates(run, input.prompt, sequences, input.settings.rerank, (code) => checker.check(code).ok).map((c) => c.sequence);
    }
    const totalMs = performance.now() - started;
    const candidates = sequences.map((s): GeneratedCandidate => {
      const candidateReader = new TokenReader(run, slots, read);
      const tokens = (s.steps ?? []).map((step) => candidateReader.read(step));
      return { code: codeFromTokens(tokens.map((t) => t.text)), tokens, logProb: s.logProb, ...(s.score !== undefined ? { score: s.score } : {}), finished: s.finished };
    });
    return {
      prompt: input.prompt, settings: input.settings, checkpoint, checkpointStep: checkpointStep(checkpoint) ?? 0, sourceTokens, candidates, prefix, cancelled,
      timing: { queuedMs: hooks.queuedMs ?? 0, loadMs: hooks.loadMs ?? 0, firstTokenMs, msPerToken: totalMs / Math.max(positions, 1), totalMs, tokens: positions },
    };
  } finally {
    steps.return([]);
    source.dispose();
  }
}

/**
 * Reads one sequence's steps in order: a copied position reads as the prompt's token, and a slot
 * token as its value where it stands (in a string or not).
 */
class TokenReader {
  private inString = false;

  constructor(private readonly run: OpenedRun, private readonly slots: readonly Slot[], private readonly readTokens: readonly string[]) {}

  read(step: TokenStep): GeneratedToken {
    const inString = this.inString;
    this.inString = insideStringAfter(inString, this.run.codec.outputToken(step.id, this.readTokens));
    return { ...this.choice(step, inString), alternatives: step.alternatives.map((a) => this.choice(a, inString)), forced: step.forced };
  }

  private choice(c: TokenChoice, inString: boolean): { id: number; text: string; probability: number } {
    const token = this.run.codec.outputToken(c.id, this.readTokens);
    return { id: c.id, text: slotText(token, this.slots, inString) ?? token, probability: Math.exp(c.logProb) };
  }
}
