// A map as a bitmap of one pixel per cell, darker blue for more weight (relative to the map's
// strongest): painted once, then scaled onto a canvas without smoothing, so a redraw is one blit
// instead of a fillRect per cell.
import type { Matrix } from '../../../shared/attention/matrix';

const CELL_RGB = [47, 111, 223] as const; // the accent blue

export function cellBitmap(m: Matrix): HTMLCanvasElement {
  const bitmap = document.createElement('canvas');
  bitmap.width = m.cols;
  bitmap.height = m.rows;
  const ctx = bitmap.getContext('2d');
  if (!ctx || m.cols === 0 || m.rows === 0) return bitmap;
  let max = 1e-9;
  for (const v of m.values) if (v > max) max = v;
  const image = ctx.createImageData(m.cols, m.rows);
  for (let i = 0; i < m.values.length; i++) {
    image.data[i * 4] = CELL_RGB[0];
    image.data[i * 4 + 1] = CELL_RGB[1];
    image.data[i * 4 + 2] = CELL_RGB[2];
    image.data[i * 4 + 3] = Math.round((255 * m.values[i]) / max);
  }
  ctx.putImageData(image, 0, 0);
  return bitmap;
}

/** Scales the bitmap onto ctx at (x, y), width × height, cells kept sharp. */
export function drawCells(ctx: CanvasRenderingContext2D, bitmap: HTMLCanvasElement, x: number, y: number, width: number, height: number): void {
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(bitmap, x, y, width, height);
}
