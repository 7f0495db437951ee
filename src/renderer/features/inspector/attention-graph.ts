// The inspector's view model as pure functions: which tokens are rows and columns for a kind of
// attention, weights → graph edges (one colour per head, weak ones dropped), and the links between
// tokens and character ranges of the prompt and the code. Tested without a DOM.
import type { AttentionKind, AttentionMaps, InspectedToken } from '../../../shared/attention/inspection';
import type { Matrix } from '../../../shared/attention/matrix';

/** One colour per head (Tableau 10, then repeated a shade darker). */
export const HEAD_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** The rollout, which mixes every head, is drawn in one neutral colour. */
export const ROLLOUT_COLOUR = '#5b6472';

export function headColour(head: number): string {
  return head < 0 ? ROLLOUT_COLOUR : HEAD_COLOURS[head % HEAD_COLOURS.length];
}

/** Rows attend, columns are attended to: encoder S→S, decoder T(written)→T(inputs), cross T(written)→S. */
export function axes(data: Pick<AttentionMaps, 'view' | 'source' | 'targetInputs' | 'targetOutputs'>): { rows: InspectedToken[]; cols: InspectedToken[]; rowSide: 'source' | 'code'; colSide: 'source' | 'code' } {
  switch (data.view.kind) {
    case 'encoder':
      return { rows: data.source, cols: data.source, rowSide: 'source', colSide: 'source' };
    case 'decoder':
      return { rows: data.targetOutputs, cols: data.targetInputs, rowSide: 'code', colSide: 'code' };
    case 'cross':
      return { rows: data.targetOutputs, cols: data.source, rowSide: 'code', colSide: 'source' };
  }
}

export interface Edge {
  head: number;
  row: number;
  col: number;
  weight: number;
}

/** At most this many lines: beyond a few thousand an SVG stops following the pointer, and nobody reads them. */
export const MAX_EDGES = 4000;

export interface EdgeSet {
  /** Strongest last (drawn on top). */
  edges: Edge[];
  /** How many weights passed the threshold (more than edges.length when capped). */
  passed: number;
  /** The strongest weight of the visible maps, to say how far the threshold is from anything. */
  strongest: number;
}

/** Every (row, col) weight of the visible maps at or above `threshold`, the strongest `limit` of them. */
export function edges(maps: readonly Matrix[], visible: (head: number) => boolean, threshold: number, limit = MAX_EDGES): EdgeSet {
  const shown = maps.map((m, head) => (visible(head) ? m : null));
  let strongest = 0;
  const passing = new Float64Array(shown.reduce((n, m) => n + (m ? m.values.length : 0), 0));
  let passed = 0;
  for (const m of shown) {
    if (!m) continue;
    for (const weight of m.values) {
      if (weight > strongest) strongest = weight;
      if (weight >= threshold) passing[passed++] = weight;
    }
  }
  // With a low threshold hundreds of thousands pass: find the weight of the limit-th strongest on
  // plain numbers, and make objects only for the lines drawn.
  const cutoff = passed > limit ? passing.subarray(0, passed).sort()[passed - limit] : threshold;
  const out: Edge[] = [];
  shown.forEach((m, head) => {
    if (!m) return;
    for (let row = 0; row < m.rows; row++) {
      for (let col = 0; col < m.cols; col++) {
        const weight = m.values[row * m.cols + col];
        if (weight >= cutoff && weight >= threshold) out.push({ head, row, col, weight });
      }
    }
  });
  out.sort((a, b) => a.weight - b.weight);
  // Ties at the cutoff may add a few more than the limit: keep the strongest.
  return { edges: out.length > limit ? out.slice(out.length - limit) : out, passed, strongest };
}

export interface EdgeBundle {
  head: number;
  width: number;
  /** Every line of this head and width as one SVG path ("M x1 y1 L x2 y2 …"). */
  d: string;
}

/**
 * Lines of one head and (rounded) width drawn as one path: thousands of <line> elements cost
 * hundreds of milliseconds to create and lay out; a few dozen paths draw the same picture.
 */
export function bundles(list: readonly Edge[], colY: (col: number) => number, rowY: (row: number) => number, x1: number, x2: number): EdgeBundle[] {
  const byKey = new Map<string, EdgeBundle & { parts: string[] }>();
  for (const e of list) {
    const width = edgeWidth(e.weight);
    const key = `${e.head} ${width}`;
    let bundle = byKey.get(key);
    if (!bundle) byKey.set(key, (bundle = { head: e.head, width, d: '', parts: [] }));
    bundle.parts.push(`M${x1} ${colY(e.col).toFixed(1)}L${x2} ${rowY(e.row).toFixed(1)}`);
  }
  // Thin under thick, as the sorted lines were.
  return [...byKey.values()].sort((a, b) => a.width - b.width).map(({ head, width, parts }) => ({ head, width, d: parts.join('') }));
}

/** Line width for a weight: 0.5 px plus up to 5 px, in quarter-pixel steps. */
export function edgeWidth(weight: number): number {
  return Math.round((0.5 + 5 * weight) * 4) / 4;
}

/** The columns a row attends to most, best first (for "which words made the model write this token?"). */
export function strongest(m: Matrix, row: number, count = 5): { col: number; weight: number }[] {
  const cols = Array.from({ length: m.cols }, (_, col) => ({ col, weight: m.values[row * m.cols + col] }));
  return cols.sort((a, b) => b.weight - a.weight).slice(0, count);
}

/** The rows that attend to a column most, best first (hovering an English word). */
export function strongestRows(m: Matrix, col: number, count = 5): { row: number; weight: number }[] {
  const rows = Array.from({ length: m.rows }, (_, row) => ({ row, weight: m.values[row * m.cols + col] }));
  return rows.sort((a, b) => b.weight - a.weight).slice(0, count);
}

/** Indexes of the tokens whose character range overlaps [from, to) (a selection in the editor). */
export function tokensInRange(tokens: readonly InspectedToken[], from: number, to: number): number[] {
  const out: number[] = [];
  tokens.forEach((t, i) => {
    if (t.range && t.range.from < Math.max(to, from + 1) && t.range.to > from) out.push(i);
  });
  return out;
}

export const KIND_LABELS: Record<AttentionKind, string> = {
  cross: 'Cross (code → English)',
  encoder: 'Encoder self (English → English)',
  decoder: 'Decoder self (code → earlier code)',
};
