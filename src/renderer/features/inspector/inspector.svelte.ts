// The attention inspector's state: what is inspected (a prompt and its code, from a run and
// checkpoint), which map (kind, layer, head / mean / rollout), how it is drawn (token graph or
// heatmap, visible heads, edge threshold), and what is hovered or selected, linked across the
// prompt, the graph and the code.
import { unpackInspection, type AttentionKind, type AttentionMaps, type AttentionView } from '../../../shared/attention/inspection';
import type { Matrix } from '../../../shared/attention/matrix';
import type { InspectSubject } from '../../lib/inspect-subject';
import { errorMessage, type StudioClient } from '../../lib/api/studio-client';
import type { RunHub } from '../../lib/runs/run-hub.svelte';
import { axes, edges, strongestRows, tokensInRange, type EdgeSet } from './attention-graph';
import { PairDraft } from './pair-draft.svelte';

export type { InspectSubject };

export type InspectorMode = 'graph' | 'heatmap';
export type Hover = { axis: 'row' | 'col'; index: number } | null;

export class InspectorState {
  subject = $state.raw<InspectSubject | null>(null);
  view = $state.raw<AttentionView>({ kind: 'cross', layer: 0, head: 'mean' });
  data = $state.raw<AttentionMaps | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  mode = $state<InspectorMode>('graph');
  hiddenHeads = $state.raw<number[]>([]);
  threshold = $state(0.15);
  hover = $state.raw<Hover>(null);
  /** Rows selected from the code editor's selection. */
  selectedRows = $state.raw<number[]>([]);
  /** Time from the request to the data (the view draws right after). */
  lastLoadMs = $state<number | null>(null);
  /** A prompt and code of the user's own. */
  readonly draft: PairDraft;
  #request = 0;

  constructor(private readonly client: StudioClient, hub: RunHub) {
    this.draft = new PairDraft(hub);
  }

  readonly axes = $derived.by(() => (this.data ? axes(this.data) : null));
  /**
   * The graph's lines: every visible head in its colour for the head mean, the chosen head alone,
   * or the rollout map (drawn as "head" -1, one neutral colour).
   */
  readonly edgeSet = $derived.by((): EdgeSet => {
    const d = this.data;
    if (!d) return { edges: [], passed: 0, strongest: 0 };
    const head = d.view.head;
    if (head === 'rollout') {
      const set = edges([d.map], () => true, this.threshold);
      return { ...set, edges: set.edges.map((e) => ({ ...e, head: -1 })) };
    }
    return edges(d.headMaps, (h) => (typeof head === 'number' ? h === head : !this.hiddenHeads.includes(h)), this.threshold);
  });
  readonly edges = $derived(this.edgeSet.edges);

  /** The rows to emphasise: hovered or selected in the code. */
  readonly activeRows = $derived.by((): number[] => (this.hover?.axis === 'row' ? [this.hover.index] : this.selectedRows));

  /** Weight of each column for the active rows (0 when nothing is active), for shading words. */
  columnWeight(col: number): number {
    if (!this.data || this.activeRows.length === 0) return 0;
    return this.activeRows.reduce((sum, row) => sum + this.data!.map.values[row * this.data!.map.cols + col], 0) / this.activeRows.length;
  }

  /**
   * The column weight in 5% steps, for shading words: a hover then restyles only the few words
   * whose shade changes (restyling all 200 words of a long prompt costs a frame).
   */
  columnShade(col: number): number {
    return Math.round(this.columnWeight(col) * 20) / 20;
  }

  /** Rows that attend to the hovered column most. */
  readonly attendingRows = $derived.by(() => (this.data && this.hover?.axis === 'col' ? strongestRows(this.data.map, this.hover.index, 5) : []));

  async open(subject: InspectSubject): Promise<void> {
    this.subject = subject;
    this.data = null; // never the previous subject's maps under this one's title
    this.lastLoadMs = null;
    this.hover = null;
    this.selectedRows = [];
    await this.load();
  }

  /** Opens the pair form, filled with what is inspected. */
  editPair(): void {
    const s = this.subject;
    this.draft.edit(s ? { runId: s.runId, prompt: s.prompt, code: this.data?.code ?? ('code' in s.target ? s.target.code : '') } : null);
  }

  async inspectDraft(): Promise<void> {
    const subject = this.draft.subject();
    if (!subject) return;
    this.draft.open = false;
    await this.open(subject);
  }

  async setView(view: Partial<AttentionView>): Promise<void> {
    const next = { ...this.view, ...view };
    if (this.data && next.layer >= this.data.layers) next.layer = this.data.layers - 1;
    this.view = next;
    this.hover = null;
    await this.load();
  }

  setKind(kind: AttentionKind): Promise<void> {
    return this.setView({ kind });
  }

  toggleHead(head: number): void {
    this.hiddenHeads = this.hiddenHeads.includes(head) ? this.hiddenHeads.filter((h) => h !== head) : [...this.hiddenHeads, head];
  }

  /** Double-click on a swatch: that head alone (again: all heads). */
  isolateHead(head: number): void {
    const heads = this.data?.heads ?? 0;
    const others = Array.from({ length: heads }, (_, h) => h).filter((h) => h !== head);
    const isolated = others.every((h) => this.hiddenHeads.includes(h)) && !this.hiddenHeads.includes(head);
    this.hiddenHeads = isolated ? [] : others;
  }

  /** A selection in the code editor selects the tokens it covers. */
  selectCode(from: number, to: number): void {
    if (!this.axes || this.axes.rowSide !== 'code') return;
    this.selectedRows = from === to ? [] : tokensInRange(this.axes.rows, from, to);
  }

  async load(): Promise<void> {
    const subject = this.subject;
    if (!subject) return;
    const request = ++this.#request;
    this.loading = true;
    this.error = null;
    const started = performance.now();
    try {
      const data = unpackInspection(await this.client.invoke('attention:inspect', {
        runId: subject.runId, checkpoint: subject.checkpoint, prompt: subject.prompt, target: subject.target, view: this.view,
      }));
      if (request !== this.#request) return;
      this.data = data;
      if (this.hiddenHeads.some((h) => h >= data.heads)) this.hiddenHeads = [];
      this.lastLoadMs = performance.now() - started;
    } catch (error) {
      if (request !== this.#request) return;
      // A sample's own checkpoint may have been pruned since: read it with the best one instead.
      if ((error as { code?: string }).code === 'no-checkpoint' && subject.checkpoint !== 'best') {
        this.subject = { ...subject, checkpoint: 'best', label: `${subject.label} (its checkpoint was pruned: read with the best)` };
        return this.load();
      }
      this.error = errorMessage(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** The raw weights of the current view, as a JSON file's text. */
  exportJson(): string {
    const d = this.data;
    if (!d) return '{}';
    const { rows, cols } = axes(d);
    return JSON.stringify({
      subject: this.subject, checkpoint: d.checkpoint, view: d.view, layers: d.layers, heads: d.heads,
      rows: rows.map((t) => t.text), cols: cols.map((t) => t.text), map: float32Digits(d.map), headMaps: d.headMaps.map(float32Digits),
    }, null, 1);
  }
}

/** The weights as float32 holds them (7 significant digits), without the noise of widening to double. */
function float32Digits(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, values: m.values.map((v) => Number(v.toPrecision(7))) };
}
