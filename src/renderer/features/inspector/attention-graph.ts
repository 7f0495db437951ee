// The inspector's view model as pure functions: which tokens are rows and columns for a kind of
// attention, weights → graph edges (one colour per head, weak ones dropped), and the links between
// tokens and character ranges of the prompt and the code. Tested without a DOM.
import type { AttentionInspection, AttentionKind, InspectedToken } from '../../../shared/attention/inspection';
import type { Matrix } from '../../../shared/attention/matrix';

/** One colour per head (Tableau 10, then repeated a shade darker). */
export const HEAD_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function headColour(head: number): string {
  return HEAD_COLOURS[head % HEAD_COLOURS.length];
}

/** Rows attend, columns are attended to: encoder S→S, decoder T(written)→T(inputs), cross T(written)→S. */
export function axes(data: AttentionInspection): { rows: InspectedToken[]; cols: InspectedToken[]; rowSide: 'source' | 'code'; colSide: 'source' | 'code' } {
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

/** Every (row, col) weight of the visible heads at or above `threshold`, strongest last (drawn on top). */
export function edges(headMaps: readonly Matrix[], visible: (head: number) => boolean, threshold: number): Edge[] {
  const out: Edge[] = [];
  headMaps.forEach((m, head) => {
    if (!visible(head)) return;
    for (let row = 0; row < m.rows; row++) {
      for (let col = 0; col < m.cols; col++) {
        const weight = m.values[row * m.cols + col];
        if (weight >= threshold) out.push({ head, row, col, weight });
      }
    }
  });
  return out.sort((a, b) => a.weight - b.weight);
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
