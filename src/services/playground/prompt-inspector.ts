// The prompt as the model will read it: its words, which of them the model never saw (they become
// <unk>), whether it is longer than the model reads, and the dataset's reference for it.
import { PairCodec } from '../../shared/codec/pair-codec';
import type { PromptInspection } from '../../shared/generation/playground';
import { RunStore, type RunManifest } from '../runs/run-store';
import { ReferenceIndex } from './reference-index';

interface OpenedRun {
  codec: PairCodec;
  manifest: RunManifest;
  references: Promise<ReferenceIndex>;
}

const KEEP_RUNS = 4;

export class PromptInspector {
  private readonly runs = new Map<string, Promise<OpenedRun>>();

  async inspect(runDir: string, prompt: string): Promise<PromptInspection> {
    const run = await this.open(runDir);
    const tokens = run.codec.sourceTokens(prompt);
    const slots = run.codec.slots(prompt);
    const words = tokens.map((text) => {
      const slot = slots.find((s) => s.name === text);
      return slot ? { text: slot.value, known: true, slot: slot.name } : { text, known: run.codec.source.has(text) };
    });
    const maxTokens = run.codec.options.maxSourceLength - 1; // one position is the end marker
    return {
      words,
      unknownWords: [...new Set(words.filter((w) => !w.known).map((w) => w.text))],
      copies: run.manifest.config.model.copy === true,
      maxTokens,
      truncated: tokens.length > maxTokens,
      reference: prompt.trim() ? (await run.references).find(prompt) : null,
    };
  }

  /** The dataset's reference only (after a generation). */
  async reference(runDir: string, prompt: string): Promise<PromptInspection['reference']> {
    return (await (await this.open(runDir)).references).find(prompt);
  }

  /** Forget a run (deleted, or its files changed). */
  forget(runDir: string): void {
    this.runs.delete(runDir);
  }

  private open(runDir: string): Promise<OpenedRun> {
    let run = this.runs.get(runDir);
    if (!run) {
      run = (async () => {
        const store = new RunStore(runDir);
        const [manifest, codecJson] = await Promise.all([store.readManifest(), store.readCodec()]);
        const codec = PairCodec.fromJSON(codecJson);
        return { codec, manifest, references: ReferenceIndex.forRun(manifest) };
      })();
      run.catch(() => this.runs.delete(runDir));
      this.runs.set(runDir, run);
      while (this.runs.size > KEEP_RUNS) this.runs.delete(this.runs.keys().next().value as string);
    }
    return run;
  }
}
