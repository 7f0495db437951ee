// Merging datasets (with cross-dataset dedupe) into a new one, and checking that no pair of a
// chosen test set is in the open version's training data — then removing the ones that are.
import type { LeakCheckResult } from '../../../shared/dataset/merge-types';
import type { DatasetInfo } from '../../../shared/dataset/versions';
import type { StudioClient } from '../../lib/api/studio-client';
import { errorMessage } from '../../lib/api/studio-client';

export class CombinePanel {
  /** Datasets ticked for merging (their current versions). */
  chosen = $state.raw<string[]>([]);
  name = $state('');
  dedupe = $state(true);
  merging = $state(false);
  testDatasetId = $state('');
  checking = $state(false);
  leaks = $state.raw<LeakCheckResult | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly client: StudioClient) {}

  /** Starts from the open dataset ticked; the test set is the first other dataset. */
  reset(open: DatasetInfo, all: readonly DatasetInfo[]): void {
    this.chosen = [open.id];
    this.name = '';
    this.leaks = null;
    this.error = null;
    if (!all.some((d) => d.id === this.testDatasetId && d.id !== open.id)) this.testDatasetId = all.find((d) => d.id !== open.id)?.id ?? '';
  }

  toggle(datasetId: string, on: boolean): void {
    this.chosen = on ? [...new Set([...this.chosen, datasetId])] : this.chosen.filter((id) => id !== datasetId);
  }

  async merge(all: readonly DatasetInfo[]): Promise<DatasetInfo | null> {
    const sources = all.filter((d) => this.chosen.includes(d.id)).map((d) => ({ datasetId: d.id, versionId: d.head.id }));
    const name = this.name.trim() || all.filter((d) => this.chosen.includes(d.id)).map((d) => d.name).join(' + ');
    this.merging = true;
    this.error = null;
    try {
      return await this.client.invoke('datasets:merge', { name: name.slice(0, 200), sources, dedupe: this.dedupe });
    } catch (error) {
      this.error = `Could not merge: ${errorMessage(error)}`;
      return null;
    } finally {
      this.merging = false;
    }
  }

  async check(trainVersionId: number, all: readonly DatasetInfo[]): Promise<void> {
    const test = all.find((d) => d.id === this.testDatasetId);
    if (!test) return;
    this.checking = true;
    this.error = null;
    try {
      this.leaks = await this.client.invoke('datasets:leak-check', { trainVersionId, testVersionId: test.head.id });
    } catch (error) {
      this.error = `Could not check: ${errorMessage(error)}`;
    } finally {
      this.checking = false;
    }
  }
}
