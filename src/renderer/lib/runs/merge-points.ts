// Appending step and evaluation points that may overlap what is already shown: events that
// arrive while runs:get loads, or a run resumed from an earlier checkpoint that replays steps.
// A point at or before the last shown step rewinds the series to it, as the run itself did.

interface Stepped {
  step: number;
}

/** First index whose step is ≥ `step` in a series sorted by step. */
function lowerBound(points: readonly Stepped[], step: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid].step < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A new array: `current` cut where each incoming point rewinds it, then the incoming points. */
export function appendSteps<T extends Stepped>(current: readonly T[], incoming: readonly T[]): T[] {
  let out = current as T[];
  let copied = false;
  for (const point of incoming) {
    const last = out.length > 0 ? out[out.length - 1].step : -Infinity;
    if (point.step <= last) {
      out = out.slice(0, lowerBound(out, point.step));
      copied = true;
    } else if (!copied) {
      out = out.slice();
      copied = true;
    }
    out.push(point);
  }
  return copied ? out : out.slice();
}

/** A new array sorted by step with `point` added, replacing a point of the same step. */
export function upsertByStep<T extends Stepped>(current: readonly T[], point: T): T[] {
  const i = lowerBound(current, point.step);
  const out = current.slice();
  if (i < out.length && out[i].step === point.step) out[i] = point;
  else out.splice(i, 0, point);
  return out;
}
