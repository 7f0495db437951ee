// Editing one pair in place: its description and code as the user types, the Python syntax check
// a moment after each change (CPython's compile in the services), and its tags. Saving makes a new
// version; nothing is written while typing.
import type { SyntaxVerdict } from '../../../shared/generation/playground';
import type { ListedPair } from '../../../shared/dataset/versions';
import type { StudioClient } from '../../lib/api/studio-client';

const CHECK_DELAY_MS = 250;

export class PairEditor {
  pair = $state.raw<ListedPair | null>(null);
  description = $state('');
  code = $state('');
  tagsText = $state('');
  verdict = $state.raw<SyntaxVerdict | null>(null);
  checking = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly client: StudioClient) {}

  readonly dirty = $derived(this.pair !== null && (this.description !== this.pair.description || this.code !== this.pair.code));
  readonly tagsDirty = $derived(this.pair !== null && normaliseTags(this.tagsText).join(',') !== [...this.pair.tags].sort().join(','));
  readonly problem = $derived(this.description.trim() === '' ? 'The description is empty' : this.code.trim() === '' ? 'The code is empty' : null);

  /** Shows `pair`, unless it is the one already being edited (its page may have been re-read). */
  load(pair: ListedPair | null): void {
    if (pair && this.pair && pair.id === this.pair.id && (this.dirty || this.tagsDirty)) return;
    clearTimeout(this.#timer);
    this.pair = pair;
    this.description = pair?.description ?? '';
    this.code = pair?.code ?? '';
    this.tagsText = pair?.tags.join(', ') ?? '';
    this.verdict = null;
    if (pair) this.#check(pair.code, 0);
  }

  setCode(code: string): void {
    this.code = code;
    this.#check(code, CHECK_DELAY_MS);
  }

  revert(): void {
    const pair = this.pair;
    this.pair = null;
    this.load(pair);
  }

  get tags(): string[] {
    return normaliseTags(this.tagsText);
  }

  #check(code: string, delay: number): void {
    clearTimeout(this.#timer);
    this.checking = true;
    this.#timer = setTimeout(async () => {
      try {
        const verdict = await this.client.invoke('python:check', { code });
        if (this.code === code) this.verdict = verdict;
      } catch {
        /* the check is a help, not a gate */
      } finally {
        if (this.code === code) this.checking = false;
      }
    }, delay);
  }
}

export function normaliseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))].sort();
}
