/**
 * The one way a thread blocks: park on an arena word with Atomics.wait until a predicate holds
 * or the deadline passes. Atomics.wait returns on notify, on a changed value or spuriously, so
 * the loop re-checks the predicate every time.
 */
export function parkUntil(
  words: Int32Array,
  index: number,
  ready: (observed: number) => boolean,
  timeoutMs: number | undefined,
): boolean {
  const deadline = timeoutMs === undefined ? Infinity : performance.now() + Math.max(0, timeoutMs);
  for (;;) {
    const observed = Atomics.load(words, index);
    if (ready(observed)) return true;
    const remaining = deadline - performance.now();
    if (remaining <= 0) return false;
    // Parks only while the word still holds `observed`: a change between load and wait is not missed.
    Atomics.wait(words, index, observed, remaining === Infinity ? undefined : remaining);
  }
}

/** Normalises Python-style timeouts: undefined/null/negative mean "no timeout". */
export function normaliseTimeout(timeoutMs: number | null | undefined): number | undefined {
  if (timeoutMs === undefined || timeoutMs === null || timeoutMs < 0 || !Number.isFinite(timeoutMs)) return undefined;
  return timeoutMs;
}
