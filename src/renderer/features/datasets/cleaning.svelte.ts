// The cleaning panel: the engine's pipeline with each step on or off, what it would change counted
// live over the whole version, before/after for example pairs, and "apply" as a new version.
import { DEFAULT_CLEAN_OPTIONS, type CleanOptions, type CleanStep } from '../../../shared/dataset/clean';
import type { CleanExample, CleanPreview } from '../../../shared/dataset/clean-version';
import type { DatasetInfo } from '../../../shared/dataset/versions';
import type { StudioClient } from '../../lib/api/studio-client';
import { errorMessage } from '../../lib/api/studio-client';
import type { Toasts } from '../../lib/ui/toasts.svelte';

const PREVIEW_DELAY_MS = 150;

export const STEP_TEXT: Record<CleanStep, { title: string; help: string }> = {
  stripNumbering: { title: 'Strip numbering', help: 'Drops "12." or "#3)" from the start of descriptions.' },
  expandTabs: { title: 'Tabs to spaces', help: 'Indentation tabs become spaces (tab stops of 8, as CPython reads them).' },
  removeComments: { title: 'Remove comments and docstrings', help: 'The model learns code, not the comments around it.' },
  reindent: { title: 'Re-indent', help: 'Every block indented by the same number of spaces per level.' },
  emptyCode: { title: 'Drop empty code', help: 'Pairs with no code left (always on).' },
  length: { title: 'Length limits', help: 'Descriptions and code outside the limits below are dropped.' },
  dedupe: { title: 'Drop duplicates', help: 'The same description and (whitespace-normalised) code as an earlier pair.' },
  syntax: { title: 'Python 3 syntax check', help: "CPython's compile(): flag code that does not parse, or drop it." },
};

export class CleaningPanel {
  options = $state<CleanOptions>({ ...DEFAULT_CLEAN_OPTIONS });
  preview = $state.raw<CleanPreview | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  applying = $state(false);
  stepFilter = $state<CleanStep | 'all'>('all');
  selected = $state.raw<CleanExample | null>(null);
  #versionId: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;

  constructor(
    private readonly client: StudioClient,
    private readonly toasts: Toasts,
  ) {}

  readonly examples = $derived((this.preview?.examples ?? []).filter((e) => this.stepFilter === 'all' || e.step === this.stepFilter));
  readonly removed = $derived(this.preview ? this.preview.input - this.preview.output : 0);
  readonly changesSomething = $derived(this.preview !== null && (this.preview.changed > 0 || this.removed > 0));

  /** Previews cleaning `versionId` (now, then again a moment after each option change). */
  show(versionId: number): void {
    if (this.#versionId === versionId && (this.preview || this.loading)) return;
    this.#versionId = versionId;
    this.preview = null;
    this.selected = null;
    this.schedule(0);
  }

  set<K extends keyof CleanOptions>(key: K, value: CleanOptions[K]): void {
    this.options = { ...this.options, [key]: value };
    this.schedule(PREVIEW_DELAY_MS);
  }

  /** Turns a step on or off (the length step by clearing or restoring its limits). */
  toggle(step: CleanStep, on: boolean): void {
    switch (step) {
      case 'stripNumbering':
      case 'expandTabs':
      case 'removeComments':
      case 'dedupe':
        return this.set(step, on);
      case 'reindent':
        return this.set('reindent', on ? 4 : false);
      case 'syntax':
        return this.set('syntax', on ? 'flag' : 'off');
      case 'length':
        this.options = on
          ? { ...this.options, minDescriptionWords: 1 }
          : { ...this.options, minDescriptionWords: undefined, maxDescriptionWords: undefined, maxCodeLines: undefined, maxCodeChars: undefined, maxCodeTokens: undefined };
        return this.schedule(PREVIEW_DELAY_MS);
      case 'emptyCode':
        return;
    }
  }

  schedule(delay: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#refresh(), delay);
  }

  /** Commits the previewed cleaning as a new version of the dataset. */
  async apply(datasetId: string): Promise<DatasetInfo | null> {
    if (this.#versionId === null || this.applying) return null;
    this.applying = true;
    try {
      return await this.client.invoke('datasets:clean-apply', { datasetId, versionId: this.#versionId, options: this.#sentOptions() });
    } catch (error) {
      this.toasts.error('Could not apply the cleaning', error);
      return null;
    } finally {
      this.applying = false;
    }
  }

  async #refresh(): Promise<void> {
    if (this.#versionId === null) return;
    const generation = ++this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const preview = await this.client.invoke('datasets:clean-preview', { versionId: this.#versionId, options: this.#sentOptions() });
      if (generation !== this.#generation) return;
      this.preview = preview;
      if (this.selected && !preview.examples.some((e) => e.pairId === this.selected!.pairId && e.step === this.selected!.step)) this.selected = null;
      this.selected ??= this.examples[0] ?? null;
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Options without the undefined limits (the contract's schema takes numbers or nothing). */
  #sentOptions(): Partial<CleanOptions> {
    return Object.fromEntries(Object.entries(this.options).filter(([, v]) => v !== undefined)) as Partial<CleanOptions>;
  }
}
