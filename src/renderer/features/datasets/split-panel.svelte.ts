// The split panel: train / validation / test percentages, grouping by description or by question,
// the counts they give on the version (asked again a moment after each change), and "apply".
import type { SplitCounts } from '../../../shared/api/dataset-types';
import type { DatasetInfo, SplitSettings, VersionInfo } from '../../../shared/dataset/versions';
import type { StudioClient } from '../../lib/api/studio-client';
import { errorMessage } from '../../lib/api/studio-client';
import type { Toasts } from '../../lib/ui/toasts.svelte';

const COUNT_DELAY_MS = 200;

export class SplitPanel {
  train = $state(80);
  validation = $state(10);
  test = $state(10);
  groupBy = $state<SplitSettings['groupBy']>('description');
  salt = $state('');
  counts = $state.raw<SplitCounts | null>(null);
  error = $state<string | null>(null);
  applying = $state(false);
  #versionId: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;

  constructor(
    private readonly client: StudioClient,
    private readonly toasts: Toasts,
  ) {}

  readonly problem = $derived.by(() => {
    const parts = [this.train, this.validation, this.test];
    if (parts.some((p) => !Number.isFinite(p) || p < 0 || p > 100)) return 'Each part is a percentage from 0 to 100';
    if (this.train + this.validation + this.test !== 100) return `The parts add up to ${this.train + this.validation + this.test}%, not 100%`;
    if (this.train === 0) return 'The training part cannot be empty';
    return null;
  });

  readonly settings = $derived<SplitSettings>({
    fractions: { train: this.train / 100, validation: this.validation / 100, test: this.test / 100 }, salt: this.salt, groupBy: this.groupBy,
  });

  /** Starts from the version's own split (or the default) and counts it. */
  show(version: VersionInfo): void {
    this.#versionId = version.id;
    const split = version.split;
    this.train = Math.round((split?.fractions.train ?? 0.8) * 100);
    this.validation = Math.round((split?.fractions.validation ?? 0.1) * 100);
    this.test = Math.round((split?.fractions.test ?? 0.1) * 100);
    this.groupBy = split?.groupBy ?? 'description';
    this.salt = split?.salt ?? '';
    this.changed(0);
  }

  changed(delay = COUNT_DELAY_MS): void {
    clearTimeout(this.#timer);
    this.counts = null;
    if (this.problem || this.#versionId === null) return;
    this.#timer = setTimeout(() => void this.#count(), delay);
  }

  async apply(datasetId: string): Promise<DatasetInfo | null> {
    if (this.problem || this.applying) return null;
    this.applying = true;
    try {
      return await this.client.invoke('datasets:split', { datasetId, split: this.settings });
    } catch (error) {
      this.toasts.error('Could not change the split', error);
      return null;
    } finally {
      this.applying = false;
    }
  }

  async #count(): Promise<void> {
    const generation = ++this.#generation;
    this.error = null;
    try {
      const counts = await this.client.invoke('datasets:split-counts', { versionId: this.#versionId!, split: this.settings });
      if (generation === this.#generation) this.counts = counts;
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
    }
  }
}
