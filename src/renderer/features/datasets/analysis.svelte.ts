// The Statistics and Duplicates panels' state: the open version's analysis (computed once per
// version in the services' worker, with progress events), and the duplicate groups of one kind,
// resolved one by one with "keep one" or "keep all".
import type { AnalysisProgress, DuplicatePage, VersionStats } from '../../../shared/dataset/analysis';
import type { DuplicateKind } from '../../../shared/dataset/near-duplicates';
import type { StudioClient } from '../../lib/api/studio-client';
import { errorMessage } from '../../lib/api/studio-client';

export const GROUP_PAGE = 20;

/** The end of an open length range ("≥ 300 tokens") in a filter: longer than any pair. */
export const OPEN_END = 1_000_000_000;

export const KIND_TEXT: Record<DuplicateKind, { title: string; help: string }> = {
  exact: { title: 'Exact duplicates', help: 'The same description and code, up to case and spacing.' },
  'same-description': { title: 'Same description', help: 'One description with different code: which answer is right?' },
  'similar-description': { title: 'Reworded descriptions', help: 'Descriptions that differ in a few words.' },
  'same-code-shape': { title: 'Same code, other names', help: 'Code that differs only in names, literals and spacing.' },
};

export class VersionAnalysisState {
  versionId = $state<number | null>(null);
  stats = $state.raw<VersionStats | null>(null);
  progress = $state.raw<AnalysisProgress | null>(null);
  /** The newest progress of any version's analysis (the browser's filters wait for it too). */
  latest = $state.raw<AnalysisProgress | null>(null);
  error = $state<string | null>(null);
  kind = $state<DuplicateKind>('exact');
  page = $state.raw<DuplicatePage | null>(null);
  offset = $state(0);
  loadingGroups = $state(false);
  // Statistics and groups are asked for separately: a newer question of one kind drops older answers of that kind only.
  #statsGeneration = 0;
  #groupsGeneration = 0;

  constructor(private readonly client: StudioClient) {}

  listen(): () => void {
    return this.client.on('datasets:analysis', (progress) => {
      this.latest = progress;
      if (progress.versionId === this.versionId) this.progress = progress;
    });
  }

  /** Statistics of `versionId` (waits for its analysis the first time). */
  async show(versionId: number): Promise<void> {
    if (this.versionId === versionId && this.stats?.versionId === versionId) return;
    const generation = ++this.#statsGeneration;
    this.versionId = versionId;
    this.stats = null;
    this.error = null;
    try {
      const stats = await this.client.invoke('datasets:stats', { versionId });
      if (generation === this.#statsGeneration) this.stats = stats;
    } catch (error) {
      if (generation === this.#statsGeneration) this.error = errorMessage(error);
    }
  }

  async showGroups(versionId: number, kind = this.kind, offset = 0): Promise<void> {
    const generation = ++this.#groupsGeneration;
    this.versionId = versionId;
    this.kind = kind;
    this.offset = offset;
    this.loadingGroups = true;
    this.error = null;
    try {
      const page = await this.client.invoke('datasets:duplicates', { versionId, kind, offset, limit: GROUP_PAGE });
      if (generation === this.#groupsGeneration) this.page = page;
    } catch (error) {
      if (generation === this.#groupsGeneration) this.error = errorMessage(error);
    } finally {
      if (generation === this.#groupsGeneration) this.loadingGroups = false;
    }
  }
}
