/**
 * The promise twin of blocking.ts's parkUntil: waits for a predicate on a shared word with
 * Atomics.waitAsync, so async code keeps its thread (and its event loop) free meanwhile.
 */
export async function parkUntilAsync(
  words: Int32Array,
  index: number,
  ready: (observed: number) => boolean,
  timeoutMs: number | undefined,
): Promise<boolean> {
  const deadline = timeoutMs === undefined ? Infinity : performance.now() + Math.max(0, timeoutMs);
  for (;;) {
    const observed = Atomics.load(words, index);
    if (ready(observed)) return true;
    const remaining = deadline - performance.now();
    if (remaining <= 0) return false;
    // Resolves only when the word no longer holds `observed` or on notify: nothing is missed.
    const result = Atomics.waitAsync(words, index, observed, remaining === Infinity ? undefined : remaining);
    if (result.async) await result.value;
  }
}
