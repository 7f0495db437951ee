// Chart helpers: the visible slice keeps a neighbour each side, decimation keeps the envelope,
// extents ignore what a log axis cannot show, and the nearest point is found by x.
import { describe, expect, it } from 'vitest';
import { decimate, nearestPoint, visibleSlice, xExtent, yExtent, type ChartSeries } from '../../../../src/renderer/lib/charts/chart-data';
import { FrameQueue } from '../../../../src/renderer/lib/charts/frame-queue';
import { ManualFrames } from '../../fake-client';

const line = (ys: number[]) => ys.map((y, x) => ({ x, y }));

describe('chart data', () => {
  it('slices the visible range with one point either side', () => {
    const points = line([0, 1, 2, 3, 4, 5, 6]);
    expect(visibleSlice(points, 2.5, 4).map((p) => p.x)).toEqual([2, 3, 4, 5]);
    expect(visibleSlice(points, -10, 100)).toBe(points);
  });

  it('decimates a long series to about two points per bucket and keeps its extremes', () => {
    const ys = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50));
    ys[4321] = 9; // a spike must survive
    ys[7777] = -9;
    const out = decimate(line(ys), 100);
    expect(out.length).toBeLessThanOrEqual(202);
    expect(out[0].x).toBe(0);
    expect(out[out.length - 1].x).toBe(9_999);
    expect(out.some((p) => p.y === 9)).toBe(true);
    expect(out.some((p) => p.y === -9)).toBe(true);
    for (let i = 1; i < out.length; i++) expect(out[i].x).toBeGreaterThan(out[i - 1].x);
  });

  it('leaves short series alone', () => {
    const points = line([1, 2, 3]);
    expect(decimate(points, 100)).toBe(points);
  });

  it('computes extents, ignoring non-positive values on a log axis', () => {
    const series: ChartSeries[] = [
      { id: 'a', label: 'a', color: '#000', points: line([5, -1, 0, 2]) },
      { id: 'b', label: 'b', color: '#000', points: [{ x: 10, y: 7 }] },
    ];
    expect(xExtent(series)).toEqual([0, 10]);
    expect(yExtent(series, 0, 10, false)).toEqual([-1, 7]);
    expect(yExtent(series, 0, 10, true)).toEqual([2, 7]);
    expect(yExtent(series, 0, 2, false)).toEqual([-1, 5]);
    expect(xExtent([])).toBeNull();
  });

  it('pads a range of a few ulps like a single value (a smoothed copy of one point)', () => {
    const v = 7.043195724487305;
    const series: ChartSeries[] = [
      { id: 'raw', label: 'raw', color: '#000', points: [{ x: 1, y: v }] },
      { id: 'smooth', label: 'smooth', color: '#000', points: [{ x: 1, y: 7.043195724487306 }] },
    ];
    const [lo, hi] = yExtent(series, 0, 2, false)!;
    expect(hi - lo).toBeGreaterThan(1);
    expect(lo).toBeLessThan(v);
    expect(hi).toBeGreaterThan(v);
  });

  it('finds the nearest point by x', () => {
    const points = [{ x: 0, y: 1 }, { x: 10, y: 2 }, { x: 20, y: 3 }];
    expect(nearestPoint(points, 13)?.x).toBe(10);
    expect(nearestPoint(points, 16)?.x).toBe(20);
    expect(nearestPoint([], 3)).toBeNull();
  });
});

describe('FrameQueue', () => {
  it('delivers everything pushed before a frame in one batch', () => {
    const frames = new ManualFrames();
    const batches: number[][] = [];
    const queue = new FrameQueue<number>((items) => batches.push(items), frames.schedule);
    queue.push([1, 2]);
    queue.push([3]);
    queue.push([]);
    expect(frames.pending).toBe(1);
    expect(batches).toEqual([]);
    frames.run();
    expect(batches).toEqual([[1, 2, 3]]);
    queue.push([4]);
    frames.run();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });
});
