// Attention maps as plain row-major matrices (no tensors: they cross every boundary and are drawn
// by the renderer), with the few operations the inspector needs: head averages, rollout
// (Abnar & Zuidema 2020) and mean-pooled thumbnails.

export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major, rows × cols. */
  values: number[];
}

export function matrix(rows: number, cols: number, values: ArrayLike<number>): Matrix {
  if (values.length !== rows * cols) throw new Error(`a ${rows}×${cols} matrix needs ${rows * cols} values, got ${values.length}`);
  // A plain loop: Array.from goes through the iterator protocol, ~100× slower on a Float32Array.
  const copy = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) copy[i] = values[i];
  return { rows, cols, values: copy };
}

export function at(m: Matrix, row: number, col: number): number {
  return m.values[row * m.cols + col];
}

/** The element-wise mean of same-shaped matrices (e.g. every head of one layer). */
export function mean(ms: readonly Matrix[]): Matrix {
  if (ms.length === 0) throw new Error('mean of no matrices');
  const { rows, cols } = ms[0];
  const values = new Array<number>(rows * cols).fill(0);
  for (const m of ms) {
    if (m.rows !== rows || m.cols !== cols) throw new Error(`cannot average a ${m.rows}×${m.cols} matrix with ${rows}×${cols} ones`);
    for (let i = 0; i < values.length; i++) values[i] += m.values[i] / ms.length;
  }
  return { rows, cols, values };
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new Error(`cannot multiply ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const { rows, cols: inner } = a;
  const cols = b.cols;
  const av = a.values;
  const bv = b.values;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let k = 0; k < inner; k++) {
      const aik = av[i * inner + k];
      if (aik === 0) continue;
      const bk = k * cols;
      for (let j = 0; j < cols; j++) out[o + j] += aik * bv[bk + j];
    }
  }
  return matrix(rows, cols, out);
}

/** Each row divided by its sum (rows summing to 0 stay 0). */
export function normalizeRows(m: Matrix): Matrix {
  const values = m.values.slice();
  for (let r = 0; r < m.rows; r++) {
    let sum = 0;
    for (let c = 0; c < m.cols; c++) sum += values[r * m.cols + c];
    if (sum > 0) for (let c = 0; c < m.cols; c++) values[r * m.cols + c] /= sum;
  }
  return { rows: m.rows, cols: m.cols, values };
}

/**
 * Attention rollout (Abnar & Zuidema 2020) over self-attention layers, first to last: each layer's
 * head-averaged map mixed with the identity for the residual connection (Â = ½A + ½I, rows
 * renormalised), then multiplied: R = Â_L · … · Â_1. Row i says how much each input position
 * reaches position i of the last layer through every path.
 */
export function rollout(layers: readonly Matrix[]): Matrix {
  if (layers.length === 0) throw new Error('rollout of no layers');
  let result: Matrix | null = null;
  for (const a of layers) {
    if (a.rows !== a.cols) throw new Error(`rollout needs square maps, got ${a.rows}×${a.cols}`);
    const withResidual = normalizeRows({ rows: a.rows, cols: a.cols, values: a.values.map((v, i) => 0.5 * v + (Math.floor(i / a.cols) === i % a.cols ? 0.5 : 0)) });
    result = result ? multiply(withResidual, result) : withResidual; // Â_1 · I = Â_1
  }
  return result!;
}

/**
 * Source attribution of each target position through the whole model: the decoder's rollout,
 * then the last layer's head-averaged cross-attention, then the encoder's rollout:
 * R_dec · C · R_enc ([T, T] · [T, S] · [S, S] → [T, S]). Rows sum to 1.
 */
export function crossRollout(decoderRollout: Matrix, lastCross: Matrix, encoderRollout: Matrix): Matrix {
  return normalizeRows(multiply(multiply(decoderRollout, lastCross), encoderRollout));
}

/** Mean-pools a matrix down to at most maxRows × maxCols cells (for the layer × head overview). */
export function thumbnail(m: Matrix, maxRows: number, maxCols: number): Matrix {
  const rows = Math.min(m.rows, maxRows);
  const cols = Math.min(m.cols, maxCols);
  const values = new Array<number>(rows * cols).fill(0);
  const counts = new Array<number>(rows * cols).fill(0);
  for (let r = 0; r < m.rows; r++) {
    const tr = Math.floor((r * rows) / m.rows);
    for (let c = 0; c < m.cols; c++) {
      const cell = tr * cols + Math.floor((c * cols) / m.cols);
      values[cell] += m.values[r * m.cols + c];
      counts[cell]++;
    }
  }
  return { rows, cols, values: values.map((v, i) => v / Math.max(1, counts[i])) };
}
