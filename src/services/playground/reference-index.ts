// Finds the dataset's own code for a prompt, so the playground can show the reference and a
// sentence BLEU beside a generation. Built once per run from the run's dataset file, read in place.
import { assignSplit } from '../../shared/dataset/split';
import { normalizeDescription } from '../../shared/dataset/normalize';
import type { PromptInspection } from '../../shared/generation/playground';
import { loadDataset } from '../datasets/load-dataset';
import type { RunManifest } from '../runs/run-store';

export class ReferenceIndex {
  private constructor(private readonly byDescription: Map<string, string>, private readonly salt: string | undefined) {}

  /** An index of the run's dataset; empty when the file is gone or unreadable (the run still works). */
  static async forRun(manifest: RunManifest): Promise<ReferenceIndex> {
    const options = manifest.dataOptions;
    const map = new Map<string, string>();
    try {
      // Uncleaned is enough (and fast): cleaning only drops or trims pairs, and splits hash descriptions.
      const loaded = await loadDataset(options.path, { ...options.import });
      for (const pair of loaded.pairs) {
        const key = normalizeDescription(pair.description);
        if (!map.has(key)) map.set(key, pair.code);
      }
    } catch {
      /* no reference for this run: the dataset moved or cannot be read */
    }
    return new ReferenceIndex(map, options.splitSalt);
  }

  find(prompt: string): PromptInspection['reference'] {
    const code = this.byDescription.get(normalizeDescription(prompt));
    return code === undefined ? null : { code, split: assignSplit(prompt, { salt: this.salt }) };
  }

  get size(): number {
    return this.byDescription.size;
  }
}
