// Plain data helpers behind LineChart: the series type, the visible part of a series, min–max
// decimation so a 20 000-step curve draws as a few hundred segments, extents for linear and log
// axes, and the nearest point to the pointer. No DOM, no Svelte: unit-tested on their own.
import { bisector } from 'd3-array';

export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartSeries {
  id: string;
  label: string;
  color: string;
  /** Sorted by x ascending. */
  points: readonly ChartPoint[];
  strokeWidth?: number;
  opacity?: number;
  dashed?: boolean;
  /** Draw a dot on each point (sparse series such as evaluations). */
  markers?: boolean;
  /** Leave out of the hover tooltip and the legend (e.g. the raw curve behind a smoothed one). */
  quiet?: boolean;
}

const byX = bisector<ChartPoint, number>((p) => p.x);

/** Points with x in [lo, hi] plus one neighbour each side, so lines run to the plot's edges. */
export function visibleSlice(points: readonly ChartPoint[], lo: number, hi: number): readonly ChartPoint[] {
  if (points.length === 0) return points;
  const start = Math.max(0, byX.left(points, lo) - 1);
  const end = Math.min(points.length, byX.right(points, hi) + 1);
  return start === 0 && end === points.length ? points : points.slice(start, end);
}

/**
 * Keeps the first and last point and, in each of `buckets` equal runs of points, the lowest and the
 * highest (in x order): the drawn envelope matches the full series at a fraction of the segments.
 */
export function decimate(points: readonly ChartPoint[], buckets: number): readonly ChartPoint[] {
  const n = points.length;
  if (buckets < 1 || n <= buckets * 2 + 2) return points;
  const out: ChartPoint[] = [points[0]];
  const size = (n - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor(b * size);
    const to = Math.min(n - 1, 1 + Math.floor((b + 1) * size));
    let min = -1;
    let max = -1;
    for (let i = from; i < to; i++) {
      const y = points[i].y;
      if (!Number.isFinite(y)) continue;
      if (min < 0 || y < points[min].y) min = i;
      if (max < 0 || y > points[max].y) max = i;
    }
    if (min < 0) continue;
    if (min === max) out.push(points[min]);
    else if (min < max) out.push(points[min], points[max]);
    else out.push(points[max], points[min]);
  }
  out.push(points[n - 1]);
  return out;
}

export function xExtent(series: readonly ChartSeries[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    if (s.points.length === 0) continue;
    lo = Math.min(lo, s.points[0].x);
    hi = Math.max(hi, s.points[s.points.length - 1].x);
  }
  if (lo === Infinity) return null;
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** y range of the points with x in [lo, hi]; on a log axis only positive values count. */
export function yExtent(series: readonly ChartSeries[], lo: number, hi: number, log: boolean): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const p of visibleSlice(s.points, lo, hi)) {
      if (p.x < lo || p.x > hi || !Number.isFinite(p.y) || (log && p.y <= 0)) continue;
      if (p.y < min) min = p.y;
      if (p.y > max) max = p.y;
    }
  }
  if (min === Infinity) return null;
  // A range of a few ulps (a smoothed copy of one point) is no range: d3 would tick it into duplicates.
  if (max - min <= Math.max(Math.abs(min), Math.abs(max)) * 1e-9) return log ? [min / 2, max * 2] : [min - (Math.abs(min) || 1) * 0.1, max + (Math.abs(max) || 1) * 0.1];
  return [min, max];
}

/** The point of a series whose x is nearest to `x`, or null for an empty series. */
export function nearestPoint(points: readonly ChartPoint[], x: number): ChartPoint | null {
  if (points.length === 0) return null;
  const i = byX.center(points, x);
  return points[i] ?? null;
}

export const PALETTE = ['#2f6fdf', '#e0793a', '#2f9e5b', '#c2417a', '#8a63d2', '#b8922d', '#2a9fb0', '#d9534f', '#5c6b7a'];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}
