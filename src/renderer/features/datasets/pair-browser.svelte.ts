// The pair browser's state: one version's pairs as a virtual list of `total` rows whose pages are
// fetched as they scroll into view, narrowed by a search and filters, with one selected pair.
// Every keystroke asks again; answers that arrive after a newer question are dropped.
import type { AnalysisFilter, PairSort } from '../../../shared/dataset/analysis';
import type { PairFilter, PairPage, ListedPair } from '../../../shared/dataset/versions';
import type { StudioClient } from '../../lib/api/studio-client';
import type { Toasts } from '../../lib/ui/toasts.svelte';

export const PAGE_SIZE = 100;

export class PairBrowser {
  versionId = $state<number | null>(null);
  query = $state('');
  filter = $state.raw<Omit<PairFilter, 'text'>>({});
  /** Filters answered from the version's analysis: lengths, split, syntax, duplicate groups. */
  analysis = $state.raw<AnalysisFilter>({});
  /** null: the version's own order. */
  sort = $state.raw<PairSort | null>(null);
  total = $state(0);
  /** False when the filter matches more pairs than counted so far (the list says "more than N"; it grows on scrolling). */
  exact = $state(true);
  loading = $state(false);
  selectedIndex = $state<number | null>(null);
  /** Bumped whenever pages arrive, so rows re-read the cache. */
  revision = $state(0);
  #pages = new Map<number, ListedPair[]>();
  #pending = new Set<number>();
  #generation = 0;

  constructor(
    private readonly client: StudioClient,
    private readonly toasts: Toasts,
  ) {}

  /** One entry per row for the virtual list (the rows themselves come from `pairAt`). */
  readonly rows = $derived(Array.from({ length: this.total }, (_, i) => i));

  readonly selected = $derived.by((): ListedPair | null => {
    void this.revision;
    return this.selectedIndex === null ? null : (this.pairAt(this.selectedIndex, false) ?? null);
  });

  /** Shows `versionId` from its first row (or keeps the place when it is a new version of the same list). */
  async open(versionId: number, keepPlace = false): Promise<void> {
    this.versionId = versionId;
    if (!keepPlace) this.selectedIndex = null;
    await this.reload();
  }

  setQuery(text: string): Promise<void> {
    this.query = text;
    this.selectedIndex = null;
    return this.reload();
  }

  setFilter(filter: Omit<PairFilter, 'text'>): Promise<void> {
    this.filter = filter;
    this.selectedIndex = null;
    return this.reload();
  }

  setSort(sort: PairSort | null): Promise<void> {
    this.sort = sort;
    this.selectedIndex = null;
    return this.reload();
  }

  setAnalysis(analysis: AnalysisFilter): Promise<void> {
    this.analysis = Object.fromEntries(Object.entries(analysis).filter(([, v]) => v !== undefined)) as AnalysisFilter;
    this.selectedIndex = null;
    return this.reload();
  }

  /** Drops every cached page and reads the first one again (the selection keeps its index). */
  async reload(): Promise<void> {
    if (this.versionId === null) return;
    const generation = ++this.#generation;
    this.#pages.clear();
    this.#pending.clear();
    this.loading = true;
    const around = this.selectedIndex === null ? 0 : Math.floor(this.selectedIndex / PAGE_SIZE);
    try {
      const page = await this.#fetch(around);
      if (generation !== this.#generation) return;
      this.#store(around, page);
      this.total = page.total;
      this.exact = page.exact;
      if (this.selectedIndex !== null && this.selectedIndex >= this.total) this.selectedIndex = this.total ? this.total - 1 : null;
    } catch (error) {
      if (generation === this.#generation) this.toasts.error('Could not list the pairs', error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** The pair on row `index`, or undefined while its page loads (asked for unless `fetch` is false). */
  pairAt(index: number, fetch = true): ListedPair | undefined {
    void this.revision; // rows re-read when pages arrive
    const number = Math.floor(index / PAGE_SIZE);
    const page = this.#pages.get(number);
    if (page) return page[index - number * PAGE_SIZE];
    if (fetch) void this.#load(number);
    return undefined;
  }

  select(index: number | null): void {
    this.selectedIndex = index === null || this.total === 0 ? null : Math.max(0, Math.min(this.total - 1, index));
    if (this.selectedIndex !== null) this.pairAt(this.selectedIndex);
  }

  move(delta: number): void {
    this.select(this.selectedIndex === null ? 0 : this.selectedIndex + delta);
  }

  async #load(number: number): Promise<void> {
    if (this.#pending.has(number) || this.versionId === null) return;
    this.#pending.add(number);
    const generation = this.#generation;
    try {
      const page = await this.#fetch(number);
      if (generation === this.#generation) this.#store(number, page);
    } catch (error) {
      if (generation === this.#generation) this.toasts.error('Could not read more pairs', error);
    } finally {
      this.#pending.delete(number);
    }
  }

  #fetch(number: number): Promise<PairPage> {
    const filter: PairFilter = { ...this.filter, ...(this.query.trim() ? { text: this.query.trim() } : {}) };
    const analysis = Object.keys(this.analysis).length > 0 && !filter.deleted ? { analysis: this.analysis } : {};
    const sort = this.sort && !filter.deleted ? { sort: this.sort } : {};
    return this.client.invoke('datasets:page', { versionId: this.versionId!, filter, offset: number * PAGE_SIZE, limit: PAGE_SIZE, ...analysis, ...sort });
  }

  #store(number: number, page: PairPage): void {
    this.#pages.set(number, page.pairs);
    // A long search is counted a little past each page read: the list grows as it is scrolled.
    if (page.total > this.total || (page.total === this.total && page.exact)) {
      this.total = page.total;
      this.exact = page.exact;
    }
    this.revision++;
  }
}
