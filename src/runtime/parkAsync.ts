import { performance } from 'node:perf_hooks';

/**
 * The promise twin of blocking.ts's parkUntil: waits for a predicate on a shared word with
 * Atomics.waitAsync, so async code keeps its thread (and its event loop) free meanwhile.
 *
 * A pending Atomics.waitAsync does not keep Node's event loop alive: a worker whose only work
 * left is such a wait would exit in the middle of it. A ref'd timer for the wait's duration
 * keeps the worker running until the wait settles (slow path only: one timer per wait).
 */
export async function parkUntilAsync(
  words: Int32Array,
  index: number,
  ready: (observed: number) => boolean,
  timeoutMs: number | undefined,
): Promise<boolean> {
  const deadline = timeoutMs === undefined ? Infinity : performance.now() + Math.max(0, timeoutMs);
  let keepAlive: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      const observed = Atomics.load(words, index);
      if (ready(observed)) return true;
      const remaining = deadline - performance.now();
      if (remaining <= 0) return false;
      // Resolves only when the word no longer holds `observed` or on notify: nothing is missed.
      const result = Atomics.waitAsync(words, index, observed, remaining === Infinity ? undefined : remaining);
      if (result.async) {
        keepAlive ??= setInterval(() => undefined, 1 << 30);
        await result.value;
      }
    }
  } finally {
    if (keepAlive) clearInterval(keepAlive);
  }
}
