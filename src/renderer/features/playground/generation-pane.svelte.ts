// One side of the playground: a run and checkpoint, the generation streaming into it, and the
// results it has shown (the first answer and every branch forced from one of its tokens, or a
// history entry reopened). Comparing two checkpoints is two panes given the same prompt.
import type { RunDetail } from '../../../shared/api/types';
import type { CheckpointChoice, GeneratedToken, GenerationEvent } from '../../../shared/generation/generation';
import type { PlaygroundResult, SyntaxVerdict } from '../../../shared/generation/playground';
import { describeSettings, type DecodeSettings } from '../../../shared/generation/decode-settings';
import { TokenLayout, tokenSpans } from '../../../shared/generation/token-spans';
import { tick } from 'svelte';
import { EOS_ID } from '../../../shared/tokenizer/vocab';
import { errorMessage, type StudioClient } from '../../lib/api/studio-client';

export type PaneStatus = 'idle' | 'generating' | 'done' | 'failed';

/** A result shown in the pane, with how it came about (for the branch list). */
export interface ShownResult {
  result: PlaygroundResult;
  label: string;
}

/**
 * What the UI measured of a generation (the bench compares it with the engine's own timing):
 * token times are taken in the animation frame after the token was applied, i.e. when it is drawn.
 */
export interface UiTiming {
  pressedAt: number;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  /** Tokens drawn in the first frame, and by lastTokenAt. */
  firstTokens: number;
  tokens: number;
}

function newRequestId(): string {
  return crypto.randomUUID();
}

export class GenerationPane {
  runId = $state<string | null>(null);
  checkpoint = $state<CheckpointChoice>('best');
  checkpoints = $state.raw<RunDetail['checkpoints']>([]);
  runStatus = $state<string>('');
  status = $state<PaneStatus>('idle');
  error = $state<string | null>(null);
  /** While streaming: tokens (greedy, sampling) or the live beams (beam search). */
  liveTokens = $state.raw<GeneratedToken[]>([]);
  liveBeams = $state.raw<{ tokens: string[]; logProb: number }[]>([]);
  liveCheckpoint = $state<string | null>(null);
  shown = $state.raw<ShownResult[]>([]);
  active = $state(0);
  candidate = $state(0);
  selectedToken = $state<number | null>(null);
  /** The user's own edit of the code (null = the generated text). */
  edited = $state<string | null>(null);
  editedSyntax = $state.raw<SyntaxVerdict | null>(null);
  timing = $state.raw<UiTiming | null>(null);
  /** Tokens received in the current generation (the status line's counter). */
  received = $state(0);
  #liveLayout = new TokenLayout();
  liveLayout = $state.raw<{ code: string; spans: { index: number; from: number; to: number }[] }>({ code: '', spans: [] });
  #pending: GenerationEvent[] = [];
  #frameScheduled = false;
  #requestId: string | null = null;
  #checkTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly client: StudioClient, readonly label: string) {}

  readonly current = $derived<ShownResult | null>(this.shown[this.active] ?? null);
  readonly generating = $derived(this.status === 'generating');

  /** The tokens on screen: streaming ones, or the chosen candidate's. */
  readonly tokens = $derived.by((): GeneratedToken[] => {
    if (this.generating) {
      if (this.liveBeams.length) return this.liveBeams[0].tokens.map((text) => ({ id: -1, text, probability: 1, alternatives: [], forced: false }));
      return this.liveTokens;
    }
    return this.current?.result.candidates[this.candidate]?.tokens ?? [];
  });

  readonly layout = $derived.by(() => (this.generating && this.liveBeams.length === 0 ? this.liveLayout : tokenSpans(this.tokens.map((t) => t.text))));
  readonly generatedCode = $derived(this.layout.code);
  readonly code = $derived(this.edited ?? this.generatedCode);
  /**
   * Spans only describe the generated text: after an edit there are none. While streaming the
   * editor shows plain text (the strip shows each token's probability) and the shading arrives
   * with the result: redrawing every decoration each frame made drawing fall behind the engine.
   */
  readonly spans = $derived.by(() => {
    if (this.edited !== null || this.generating) return [];
    return this.layout.spans.map((s) => ({ ...s, probability: this.tokens[s.index]?.probability ?? 1 }));
  });
  readonly syntax = $derived.by((): SyntaxVerdict | null => {
    if (this.edited !== null) return this.editedSyntax;
    if (this.generating) return null;
    return this.current?.result.checks[this.candidate]?.syntax ?? null;
  });
  readonly bleu = $derived(this.edited === null ? (this.current?.result.checks[this.candidate]?.bleu ?? null) : null);

  /** Points the pane at a run, loading its checkpoints: the best by default, the latest for a run still training. */
  async selectRun(runId: string | null): Promise<void> {
    this.runId = runId;
    this.checkpoints = [];
    if (!runId) return;
    const before = this.checkpoint;
    if (await this.refreshCheckpoints()) {
      const training = this.runStatus === 'training' || this.runStatus === 'preparing';
      const kept = before !== 'best' && before !== 'latest' && this.checkpoints.some((c) => c.name === before);
      this.checkpoint = kept ? before : training || !this.checkpoints.some((c) => c.best) ? 'latest' : 'best';
    }
  }

  /** Reloads the run's checkpoints (a training run keeps adding them); false when it cannot be read. */
  async refreshCheckpoints(): Promise<boolean> {
    const runId = this.runId;
    if (!runId) return false;
    try {
      const detail = await this.client.invoke('runs:get', { runId });
      if (this.runId !== runId) return false;
      this.checkpoints = detail.checkpoints;
      this.runStatus = detail.status;
      return true;
    } catch (error) {
      this.error = `Could not read the run's checkpoints: ${errorMessage(error)}`;
      return false;
    }
  }

  /** Starts a generation; resolves when it has finished, failed or been cancelled. */
  async generate(prompt: string, settings: DecodeSettings, options: { prefix?: number[]; label?: string } = {}): Promise<PlaygroundResult | null> {
    if (!this.runId || this.generating) return null;
    const requestId = newRequestId();
    this.#requestId = requestId;
    this.status = 'generating';
    this.error = null;
    this.liveTokens = [];
    this.liveBeams = [];
    this.liveCheckpoint = null;
    this.selectedToken = null;
    this.edited = null;
    this.timing = { pressedAt: performance.now(), firstTokenAt: null, lastTokenAt: null, firstTokens: 0, tokens: 0 };
    this.received = 0;
    this.#liveLayout = new TokenLayout();
    this.liveLayout = { code: '', spans: [] };
    this.#pending = [];
    try {
      const result = await this.client.invoke('playground:generate', {
        runId: this.runId, requestId, prompt, checkpoint: this.checkpoint, settings, alternatives: 5, ...(options.prefix ? { prefix: options.prefix } : {}),
      });
      if (this.#requestId !== requestId) return null;
      this.#applyPending(); // tokens still waiting for a frame are part of what was streamed
      this.show({ result, label: options.label ?? labelFor(result) });
      this.status = 'done';
      return result;
    } catch (error) {
      if (this.#requestId === requestId) {
        this.status = 'failed';
        this.error = errorMessage(error);
      }
      return null;
    } finally {
      if (this.#requestId === requestId) this.#requestId = null;
      this.liveTokens = [];
      this.liveBeams = [];
    }
  }

  /**
   * Takes a streamed event if it belongs to this pane's request. Tokens are applied once per
   * animation frame, however fast they come: the editor redraws per frame, not per token.
   */
  receive(requestId: string, event: GenerationEvent): void {
    if (requestId !== this.#requestId) return;
    if (event.type === 'started') {
      this.liveCheckpoint = event.checkpoint;
      return;
    }
    this.#pending.push(event);
    if (typeof requestAnimationFrame !== 'function') this.#applyPending();
    else if (!this.#frameScheduled) {
      this.#frameScheduled = true;
      requestAnimationFrame(() => {
        this.#frameScheduled = false;
        // Tokens that came with the final answer are drawn with the result view, not streamed.
        if (!this.generating || !this.#applyPending()) return;
        // Drawn once Svelte has flushed this frame's updates into the page (and the editor's model).
        const received = this.received;
        void tick().then(() => {
          const now = performance.now();
          const t = this.timing;
          if (t) this.timing = { ...t, firstTokenAt: t.firstTokenAt ?? now, firstTokens: t.firstTokenAt === null ? received : t.firstTokens, lastTokenAt: now, tokens: received };
        });
      });
    }
  }

  /** Applies the tokens waiting for a frame; false when there were none. */
  #applyPending(): boolean {
    const events = this.#pending.splice(0);
    if (events.length === 0) return false;
    this.received += events.length;
    const tokens: GeneratedToken[] = [];
    for (const event of events) {
      if (event.type === 'token') {
        // EOS never enters the code; it is the last token event of a finished program.
        if (event.token.id === EOS_ID) continue;
        tokens.push(event.token);
        this.#liveLayout.push(event.token.text);
      } else if (event.type === 'beams') this.liveBeams = event.beams;
    }
    if (tokens.length) {
      this.liveTokens = [...this.liveTokens, ...tokens];
      this.liveLayout = this.#liveLayout.layout();
    }
    return true;
  }

  async cancel(): Promise<void> {
    const requestId = this.#requestId;
    if (!requestId) return;
    try {
      await this.client.invoke('playground:cancel', { requestId });
    } catch (error) {
      this.error = `Could not stop the generation: ${errorMessage(error)}`;
    }
  }

  /** Adds a result to the pane's list and shows it. */
  show(item: ShownResult): void {
    this.shown = [...this.shown, item];
    this.active = this.shown.length - 1;
    this.candidate = 0;
    this.selectedToken = null;
    this.edited = null;
  }

  pick(index: number): void {
    this.active = Math.max(0, Math.min(index, this.shown.length - 1));
    this.candidate = 0;
    this.selectedToken = null;
    this.edited = null;
  }

  pickCandidate(index: number): void {
    this.candidate = index;
    this.selectedToken = null;
    this.edited = null;
  }

  /** The ids to force so that decoding continues from `alternative` at position `index`. */
  prefixFor(index: number, alternativeId: number): number[] {
    return [...this.tokens.slice(0, index).map((t) => t.id), alternativeId];
  }

  /** The user typed in the editor: keep their text and check it with CPython (debounced). */
  edit(code: string): void {
    if (code === this.generatedCode) {
      this.edited = null;
      return;
    }
    this.edited = code;
    clearTimeout(this.#checkTimer);
    this.#checkTimer = setTimeout(async () => {
      try {
        const verdict = await this.client.invoke('python:check', { code });
        if (this.edited === code) this.editedSyntax = verdict;
      } catch {
        /* the check is a help, not a gate */
      }
    }, 350);
  }

  revertEdit(): void {
    this.edited = null;
    this.editedSyntax = null;
  }
}

function labelFor(result: PlaygroundResult): string {
  const how = describeSettings(result.settings);
  const name = how.charAt(0).toUpperCase() + how.slice(1);
  if (result.prefix.length > 0) return `Branch at token ${result.prefix.length}`;
  return result.cancelled ? `${name} (stopped)` : name;
}
