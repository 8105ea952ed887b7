/**
 * Time lookups over the model's arrays. A worker's states are contiguous and ordered by
 * `from`, so a binary search finds the first one on screen; the draw loop walks from there.
 */
import type { OpMark, StateInterval } from '../model/runModel';

/** First index i with key(items[i]) >= t (items sorted by key). */
export function lowerBound<T>(items: readonly T[], t: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid] as T) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the interval covering `t` (the last one starting at or before it), or 0. */
export function firstIntervalFrom(states: readonly StateInterval[], t: number): number {
  const after = lowerBound(states, t, (s) => s.from);
  if (after < states.length && (states[after] as StateInterval).from === t) return after;
  return Math.max(0, after - 1);
}

/** The interval a worker was in at time `t`, if its lane existed then. */
export function intervalAt(states: readonly StateInterval[], t: number, now: number): StateInterval | undefined {
  if (states.length === 0) return undefined;
  const found = states[firstIntervalFrom(states, t)] as StateInterval;
  if (t < found.from || t > intervalEnd(found, now)) return undefined;
  return found;
}

/** Open intervals (the worker is in that state now) reach up to "now". */
export function intervalEnd(interval: StateInterval, now: number): number {
  return interval.to ?? Math.max(now, interval.from);
}

export interface SetSpan {
  readonly from: number;
  /** Undefined while the event is still set. */
  readonly to?: number;
}

/**
 * When an Event primitive was set. Ops from different workers arrive in drain order, not
 * time order, so they are sorted first; a `set` while set and a `clear` while clear change
 * nothing, as in Python.
 */
export function setSpans(ops: readonly OpMark[]): SetSpan[] {
  const sorted = [...ops].sort((a, b) => a.at - b.at);
  const spans: SetSpan[] = [];
  let setAt: number | undefined;
  for (const mark of sorted) {
    if (mark.op === 'set' && setAt === undefined) setAt = mark.at;
    else if (mark.op === 'clear' && setAt !== undefined) {
      spans.push({ from: setAt, to: mark.at });
      setAt = undefined;
    }
  }
  if (setAt !== undefined) spans.push({ from: setAt });
  return spans;
}
