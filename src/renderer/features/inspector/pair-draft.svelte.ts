// A prompt and code of the user's own to inspect: a dataset pair with its reference, or an edit of
// what is being inspected ("what would the model look at if the code said this?").
import type { RunListItem } from '../../../shared/api/types';
import { PROMPT_MAX_CHARS } from '../../../shared/generation/generation';
import type { InspectSubject } from '../../lib/inspect-subject';
import type { RunHub } from '../../lib/runs/run-hub.svelte';

export class PairDraft {
  open = $state(false);
  runId = $state('');
  prompt = $state('');
  code = $state('');

  constructor(private readonly hub: RunHub) {}

  /** Runs with weights to read the pair with. */
  readonly runs = $derived.by((): RunListItem[] => this.hub.items.filter((r) => r.steps > 0 && r.status !== 'failed'));

  /** What stops the pair from being inspected, or null. */
  readonly problem = $derived.by((): string | null => {
    if (this.runs.length === 0) return 'Train a run first: its checkpoint reads the pair.';
    if (!this.runs.some((r) => r.id === this.runId)) return 'Choose a run.';
    if (!this.prompt.trim()) return 'Write the English description.';
    if (this.prompt.length > PROMPT_MAX_CHARS) return `The description is ${this.prompt.length.toLocaleString('en')} characters; at most ${PROMPT_MAX_CHARS.toLocaleString('en')}.`;
    if (!this.code.trim()) return 'Write or paste the Python code.';
    return null;
  });

  /** Opens the form, filled from what is inspected (when anything is). */
  edit(from: { runId: string; prompt: string; code: string } | null): void {
    if (from) Object.assign(this, { runId: from.runId, prompt: from.prompt, code: from.code });
    if (!this.runs.some((r) => r.id === this.runId)) this.runId = (this.runs.find((r) => r.status === 'completed') ?? this.runs[0])?.id ?? '';
    this.open = true;
  }

  subject(): InspectSubject | null {
    if (this.problem) return null;
    return { runId: this.runId, checkpoint: 'best', prompt: this.prompt, target: { code: this.code }, label: 'Your prompt and code' };
  }
}
