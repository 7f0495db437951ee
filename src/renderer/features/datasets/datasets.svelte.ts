// The Datasets view's state: the studio's datasets, the one open with its versions and import
// report, and the panels over its current version (pairs, cleaning, split, versions). Every change
// is a new version; undo and redo move between them. Ctrl+Z / Ctrl+Shift+Z when no field has focus.
import type { DatasetDetail } from '../../../shared/api/dataset-types';
import type { DatasetInfo, PairFilter, VersionChange } from '../../../shared/dataset/versions';
import type { StudioClient } from '../../lib/api/studio-client';
import { errorMessage } from '../../lib/api/studio-client';
import { ownsKeys } from '../../lib/ui/keyboard';
import type { Toasts } from '../../lib/ui/toasts.svelte';
import { CleaningPanel } from './cleaning.svelte';
import { ImportFlow } from './import-flow.svelte';
import { PairBrowser } from './pair-browser.svelte';
import { PairEditor } from './pair-editor.svelte';
import { SplitPanel } from './split-panel.svelte';
import { VersionAnalysisState } from './analysis.svelte';
import { CombinePanel } from './combine.svelte';
import type { AnalysisFilter, DuplicateGroupView } from '../../../shared/dataset/analysis';

export type DatasetPanel = 'pairs' | 'stats' | 'duplicates' | 'clean' | 'split' | 'combine' | 'versions' | 'report';

/** Asks the studio to open the training view on a dataset version. */
export type TrainOnVersion = (datasetId: string, versionId: number) => void;

export class DatasetsState {
  list = $state.raw<DatasetInfo[]>([]);
  loaded = $state(false);
  /** Why the dataset database is unavailable, when it is (the rest of the studio still works). */
  unavailable = $state<string | null>(null);
  detail = $state.raw<DatasetDetail | null>(null);
  panel = $state<DatasetPanel>('pairs');
  busy = $state(false);
  /** The version being exported (asked for, or being written by the desktop app), if any. */
  exporting = $state<number | null>(null);
  readonly browser: PairBrowser;
  readonly editor: PairEditor;
  readonly cleaning: CleaningPanel;
  readonly split: SplitPanel;
  readonly importer: ImportFlow;
  readonly analysis: VersionAnalysisState;
  readonly combine: CombinePanel;

  constructor(
    private readonly client: StudioClient,
    private readonly toasts: Toasts,
    private readonly trainOn: TrainOnVersion,
  ) {
    this.browser = new PairBrowser(client, toasts);
    this.editor = new PairEditor(client);
    this.cleaning = new CleaningPanel(client, toasts);
    this.split = new SplitPanel(client, toasts);
    this.importer = new ImportFlow(client, (dataset) => void this.#imported(dataset));
    this.analysis = new VersionAnalysisState(client);
    this.combine = new CombinePanel(client);
  }

  /** Merges the datasets ticked in the Merge panel into a new dataset, and opens it. */
  async merge(): Promise<void> {
    const dataset = await this.combine.merge(this.list);
    if (!dataset) return;
    this.list = [...this.list, dataset];
    this.toasts.success('Merged', dataset.head.label);
    this.panel = 'pairs';
    await this.open(dataset.id);
  }

  /** Removes from the open dataset the pairs of the checked test set it holds (a new version). */
  async removeLeaks(): Promise<void> {
    const leaks = this.combine.leaks;
    if (!this.dataset || !leaks || this.busy) return;
    this.busy = true;
    try {
      await this.#applied(await this.client.invoke('datasets:remove-leaks', { datasetId: this.dataset.id, testVersionId: leaks.testVersionId }));
      this.toasts.success('Leaks removed', this.head?.label ?? '');
      if (this.head) await this.combine.check(this.head.id, this.list);
    } catch (error) {
      this.toasts.error('Could not remove the leaks', error);
    } finally {
      this.busy = false;
    }
  }

  readonly dataset = $derived(this.detail?.dataset ?? null);
  readonly head = $derived(this.detail?.dataset.head ?? null);

  listen(): () => void {
    const offs = [this.importer.listen(), this.analysis.listen()];
    return () => offs.forEach((off) => off());
  }

  async load(): Promise<void> {
    try {
      this.list = await this.client.invoke('datasets:stored', {});
      this.unavailable = null;
    } catch (error) {
      this.unavailable = errorMessage(error);
    } finally {
      this.loaded = true;
    }
    if (!this.detail && this.list.length > 0) await this.open(this.list.at(-1)!.id);
    if (this.list.length === 0 && !this.unavailable) await this.importer.loadImportable();
  }

  async open(datasetId: string): Promise<void> {
    try {
      this.detail = await this.client.invoke('datasets:detail', { datasetId });
    } catch (error) {
      this.toasts.error('Could not open the dataset', error);
      return;
    }
    this.editor.load(null);
    this.combine.reset(this.detail.dataset, this.list);
    await this.browser.open(this.detail.dataset.head.id);
    this.#showPanel();
  }

  showPanel(panel: DatasetPanel): void {
    this.panel = panel;
    this.#showPanel();
  }

  /** Commits a change to the open dataset as a new version and shows it where the user was. */
  async commit(change: VersionChange): Promise<boolean> {
    const dataset = this.dataset;
    if (!dataset || this.busy) return false;
    this.busy = true;
    try {
      await this.#applied(await this.client.invoke('datasets:commit', { datasetId: dataset.id, change }));
      return true;
    } catch (error) {
      this.toasts.error('Could not save the change', error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Saves the editor's description, code and tags (the text as a new version, tags in place). */
  async saveEdit(): Promise<boolean> {
    const { pair } = this.editor;
    const dataset = this.dataset;
    if (!pair || !dataset) return false;
    if (this.editor.problem) {
      this.toasts.error('Cannot save this pair', this.editor.problem);
      return false;
    }
    if (this.editor.tagsDirty) {
      try {
        await this.client.invoke('datasets:tag', { datasetId: dataset.id, pairId: pair.id, tags: this.editor.tags });
      } catch (error) {
        this.toasts.error('Could not save the tags', error);
        return false;
      }
    }
    if (!this.editor.dirty) {
      await this.#refreshDetail();
      await this.browser.reload();
      this.editor.load(this.browser.selected);
      return true;
    }
    const saved = await this.commit({ replace: [{ pairId: pair.id, description: this.editor.description, code: this.editor.code }] });
    if (saved) this.editor.load(this.browser.selected);
    return saved;
  }

  async deleteSelected(): Promise<void> {
    const pair = this.browser.selected;
    if (!pair || this.browser.filter.deleted) return;
    if (await this.commit({ remove: [pair.id] })) this.editor.load(this.browser.selected);
  }

  async restoreSelected(): Promise<void> {
    const pair = this.browser.selected;
    if (!pair || !this.browser.filter.deleted) return;
    if (await this.commit({ restore: [pair.id] })) this.editor.load(this.browser.selected);
  }

  async undo(): Promise<void> {
    await this.#move('datasets:undo');
  }

  async redo(): Promise<void> {
    await this.#move('datasets:redo');
  }

  async rename(name: string): Promise<void> {
    if (!this.dataset || !name.trim() || name.trim() === this.dataset.name) return;
    try {
      await this.client.invoke('datasets:rename', { datasetId: this.dataset.id, name });
      await Promise.all([this.#refreshDetail(), this.load()]);
    } catch (error) {
      this.toasts.error('Could not rename the dataset', error);
    }
  }

  async nameVersion(versionId: number, name: string): Promise<void> {
    try {
      await this.client.invoke('datasets:name-version', { versionId, name });
      await this.#refreshDetail();
    } catch (error) {
      this.toasts.error('Could not name the version', error);
    }
  }

  async applyCleaning(): Promise<void> {
    if (!this.dataset) return;
    const info = await this.cleaning.apply(this.dataset.id);
    if (info) {
      await this.#applied(info);
      this.toasts.success('Cleaned', `${info.head.label} — now version ${info.head.id}`);
      this.showPanel('pairs');
    }
  }

  async applySplit(): Promise<void> {
    if (!this.dataset) return;
    const info = await this.split.apply(this.dataset.id);
    if (info) {
      await this.#applied(info);
      this.toasts.success('Split saved', info.head.label);
    }
  }

  /**
   * Saves a version as JSON lines or CSV, at any size: in the web shell the browser downloads it
   * (its downloads list shows the progress); in the desktop app a save dialog asks where, and the
   * version's row says "Exporting…" until the file is written.
   */
  async exportVersion(versionId: number, format: 'jsonl' | 'csv'): Promise<void> {
    if (this.exporting !== null) return;
    this.exporting = versionId;
    try {
      const result = await this.client.invoke('datasets:export', { versionId, format });
      if (result.kind === 'download') {
        this.client.startDownload(result.url, result.fileName);
        this.toasts.info('Export started', `${result.fileName}: ${pairs(result.pairs)}; your browser's downloads show its progress`);
      } else if (result.kind === 'saved') {
        this.toasts.success('Exported', `${pairs(result.pairs)} saved to ${result.path}`);
      }
    } catch (error) {
      this.toasts.error('Could not export the version', error);
    } finally {
      this.exporting = null;
    }
  }

  /** Opens the training view on `versionId` (default: the current version). */
  train(versionId?: number): void {
    if (this.dataset) this.trainOn(this.dataset.id, versionId ?? this.dataset.head.id);
  }

  /** Opens the browser on the pairs an analysis filter picks (a histogram range, a split…). */
  async browse(filter: AnalysisFilter): Promise<void> {
    this.editor.load(null);
    this.panel = 'pairs';
    await this.browser.setAnalysis({ ...this.browser.analysis, ...filter });
  }

  /** Resolves a duplicate group by keeping one pair: the others are deleted (a new version). */
  async keepOne(group: DuplicateGroupView, keepPairId: number): Promise<void> {
    const remove = group.pairs.map((p) => p.id).filter((id) => id !== keepPairId);
    if (await this.commit({ remove })) this.#dropGroup(group.key);
  }

  /** Resolves a duplicate group by keeping every pair: it is not offered again. */
  async keepAll(group: DuplicateGroupView): Promise<void> {
    if (!this.dataset) return;
    try {
      await this.client.invoke('datasets:dismiss-group', { datasetId: this.dataset.id, key: group.key });
      this.#dropGroup(group.key);
    } catch (error) {
      this.toasts.error('Could not keep the group', error);
    }
  }

  #dropGroup(key: string): void {
    const page = this.analysis.page;
    if (!page) return;
    const group = page.groups.find((g) => g.key === key);
    if (!group) return;
    const counts = { ...page.counts, [group.kind]: { groups: page.counts[group.kind].groups - 1, pairs: page.counts[group.kind].pairs - group.pairs.length } };
    this.analysis.page = { ...page, total: page.total - 1, groups: page.groups.filter((g) => g.key !== key), counts };
  }

  filterPairs(filter: Omit<PairFilter, 'text'>): Promise<void> {
    this.editor.load(null);
    return this.browser.setFilter(filter);
  }

  /** Global keys of the view; returns true when used. */
  handleKey(event: KeyboardEvent): boolean {
    if (ownsKeys(event.target) || !this.dataset) return false;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && event.key.toLowerCase() === 'z') {
      void (event.shiftKey ? this.redo() : this.undo());
      return true;
    }
    if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'y') {
      void this.redo();
      return true;
    }
    if (this.panel !== 'pairs' || mod || event.altKey) return false;
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        this.browser.move(1);
        return true;
      case 'ArrowUp':
      case 'k':
        this.browser.move(-1);
        return true;
      case 'PageDown':
        this.browser.move(10);
        return true;
      case 'PageUp':
        this.browser.move(-10);
        return true;
      case 'Delete':
        void (this.browser.filter.deleted ? this.restoreSelected() : this.deleteSelected());
        return true;
      default:
        return false;
    }
  }

  async #move(channel: 'datasets:undo' | 'datasets:redo'): Promise<void> {
    const dataset = this.dataset;
    if (!dataset || this.busy) return;
    if (channel === 'datasets:undo' ? !dataset.canUndo : !dataset.canRedo) return;
    this.busy = true;
    try {
      const info = await this.client.invoke(channel, { datasetId: dataset.id });
      await this.#applied(info);
      this.toasts.info(channel === 'datasets:undo' ? 'Undone' : 'Redone', `Now at: ${info.head.name ?? info.head.label}`);
    } catch (error) {
      this.toasts.error(channel === 'datasets:undo' ? 'Could not undo' : 'Could not redo', error);
    } finally {
      this.busy = false;
    }
  }

  async #applied(info: DatasetInfo): Promise<void> {
    this.list = this.list.map((d) => (d.id === info.id ? info : d));
    await this.#refreshDetail();
    await this.browser.open(info.head.id, true);
    this.editor.load(this.browser.selected);
    this.#showPanel();
  }

  async #imported(dataset: DatasetInfo): Promise<void> {
    this.list = [...this.list.filter((d) => d.id !== dataset.id), dataset];
    this.panel = 'report';
    await this.open(dataset.id);
  }

  async #refreshDetail(): Promise<void> {
    if (!this.dataset) return;
    try {
      this.detail = await this.client.invoke('datasets:detail', { datasetId: this.dataset.id });
    } catch (error) {
      this.toasts.error('Could not read the dataset', error);
    }
  }

  #showPanel(): void {
    const head = this.head;
    if (!head) return;
    if (this.panel === 'clean') this.cleaning.show(head.id);
    if (this.panel === 'split') this.split.show(head);
    if (this.panel === 'stats') void this.analysis.show(head.id);
    // Resolving a group makes a new version; the groups still open stay on screen until it is analysed.
    if (this.panel === 'duplicates' && (this.analysis.page === null || this.analysis.versionId !== head.id) && !this.analysis.loadingGroups) {
      void this.analysis.showGroups(head.id, this.analysis.kind, this.analysis.page ? this.analysis.offset : 0);
    }
  }
}

function pairs(count: number): string {
  return `${count.toLocaleString('en')} pair${count === 1 ? '' : 's'}`;
}
