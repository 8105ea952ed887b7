/**
 * Level of detail for a worker lane: intervals at least `minPx` wide are drawn as themselves;
 * runs of narrower ones are merged into one fill per pixel column, coloured by the state that
 * took most of that column's time. Narrow runs are skipped with a binary search, and each
 * column looks at no more than SAMPLE intervals, so a frame costs O(columns · log n) however
 * many records the run has (1 M records stay interactive). Pure, so it is unit-tested.
 */
import type { StateInterval, WorkerState } from '../model/runModel';
import { firstIntervalFrom, intervalEnd } from './intervals';

export interface LaneRun {
  /** Times of what is drawn (clipped to the window for merged runs). */
  readonly from: number;
  to: number;
  readonly state: WorkerState;
  /** The interval itself when the run is one interval; undefined for a merged fill. */
  readonly interval?: StateInterval;
  /** How many intervals were merged into this fill (1 for a plain interval). */
  count: number;
}

const SAMPLE = 6;

export function laneRuns(
  states: readonly StateInterval[],
  window: { readonly start: number; readonly end: number },
  msPerPx: number,
  now: number,
  minPx = 1,
): LaneRun[] {
  const runs: LaneRun[] = [];
  if (states.length === 0 || !(msPerPx > 0)) return runs;
  const minMs = minPx * msPerPx;
  let i = firstIntervalFrom(states, window.start);
  let t = Math.max(window.start, (states[i] as StateInterval).from);
  while (i < states.length) {
    const s = states[i] as StateInterval;
    if (s.from > window.end) break;
    const end = intervalEnd(s, now);
    if (end <= t && end > s.from) {
      i++;
      continue;
    }
    if (end - s.from >= minMs || end <= s.from) {
      // Wide enough to be itself (or a zero-length mark, which the renderer gives 1 px).
      runs.push({ from: s.from, to: end, state: s.state, interval: s, count: 1 });
      t = Math.max(t, end);
      i++;
      continue;
    }
    // A narrow interval: merge everything that starts in this column.
    const colEnd = t + minMs;
    // First interval starting at or after the column's end (inlined binary search: hot path).
    let lo = i + 1;
    let hi = states.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((states[mid] as StateInterval).from < colEnd) lo = mid + 1;
      else hi = mid;
    }
    const j = lo;
    const weights = new Map<WorkerState, number>();
    const stride = Math.max(1, Math.floor((j - i) / SAMPLE));
    for (let k = i; k < j; k += stride) {
      const x = states[k] as StateInterval;
      const w = Math.min(intervalEnd(x, now), colEnd) - Math.max(x.from, t);
      if (w > 0) weights.set(x.state, (weights.get(x.state) ?? 0) + w * stride);
    }
    let state = s.state;
    let best = -1;
    for (const [candidate, w] of weights) {
      if (w > best) {
        best = w;
        state = candidate;
      }
    }
    const previous = runs[runs.length - 1];
    if (previous && !previous.interval && previous.state === state && previous.to >= t - minMs * 0.01) {
      previous.to = colEnd;
      previous.count += j - i;
    } else {
      runs.push({ from: t, to: colEnd, state, count: j - i });
    }
    t = colEnd;
    // The last interval of the column may reach past it: continue with it, clipped.
    const lastOfColumn = states[j - 1] as StateInterval;
    i = intervalEnd(lastOfColumn, now) > colEnd ? j - 1 : j;
  }
  return runs;
}

/**
 * Thin out time-sorted marks so that at most one is kept per `minPx` pixels: returns the
 * indices to draw. Used for output markers, op marks and wake arrows when many share a column.
 */
export function thinSorted(count: number, at: (i: number) => number, from: number, window: { readonly start: number; readonly end: number }, msPerPx: number, minPx: number): number[] {
  const kept: number[] = [];
  const step = msPerPx * minPx;
  let i = from;
  while (i < count) {
    const t = at(i);
    if (t > window.end) break;
    kept.push(i);
    // Jump past everything within `minPx` of this mark.
    let lo = i + 1;
    let hi = count;
    const next = t + step;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at(mid) < next) lo = mid + 1;
      else hi = mid;
    }
    i = lo;
  }
  return kept;
}
