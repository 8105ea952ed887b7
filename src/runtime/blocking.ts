/**
 * The one way a thread blocks: park on an arena word with Atomics.wait until a predicate holds
 * or the deadline passes. Atomics.wait returns on notify, on a changed value or spuriously, so
 * the loop re-checks the predicate every time.
 */
import { availableParallelism } from 'node:os';

/**
 * How long a wait may spin before it parks. A wake through Atomics.notify costs 6–44 µs, a
 * hand-off seen while spinning about 0.1 µs, so a short spin pays when the other side is
 * running (a lock released a moment later). Kept short: on a machine with more busy threads
 * than CPUs a longer spin measured slower, since it holds the CPU the other side needs. On a
 * single CPU the other side cannot run while we spin: no spin at all.
 */
const SPIN_MAX_MS = availableParallelism() > 1 ? 0.01 : 0;
/** While spinning keeps failing (more busy threads than CPUs), only every Nth wait tries again. */
const PROBE_EVERY = 16;

/**
 * This thread's spin budget, adapted as spinning locks do: back to the full budget after a
 * spin that succeeded, halved after one that failed, and off (but for a probe now and then)
 * once it is small — a spin that keeps failing only steals the CPU the other side needs.
 */
let spinMs = SPIN_MAX_MS;
let waitsSinceProbe = 0;

/**
 * Spins (without parking, tracing or allocating) until `ready` holds or the spin budget or
 * `timeoutMs` runs out. True when ready: the caller then never parks.
 */
export function spinUntil(words: Int32Array, index: number, ready: (observed: number) => boolean, timeoutMs: number | undefined): boolean {
  let budget = spinMs;
  if (budget === 0) {
    if (SPIN_MAX_MS === 0 || ++waitsSinceProbe < PROBE_EVERY) return false;
    waitsSinceProbe = 0;
    budget = SPIN_MAX_MS;
  }
  if (timeoutMs !== undefined) budget = Math.min(budget, timeoutMs);
  if (budget <= 0) return false;
  const until = performance.now() + budget;
  for (let i = 1; ; i++) {
    if (ready(Atomics.load(words, index))) {
      spinMs = SPIN_MAX_MS;
      return true;
    }
    // The clock costs more than a load: read it once every few dozen checks.
    if ((i & 31) === 0 && performance.now() >= until) break;
  }
  spinMs = spinMs > SPIN_MAX_MS / 4 ? spinMs / 2 : 0;
  return false;
}

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

/** What is left of `timeoutMs` once `spentMs` have passed (undefined stays "no timeout"). */
export function remainingTimeout(timeoutMs: number | undefined, spentMs: number): number | undefined {
  return timeoutMs === undefined ? undefined : Math.max(0, timeoutMs - spentMs);
}

/** Normalises Python-style timeouts: undefined/null/negative mean "no timeout". */
export function normaliseTimeout(timeoutMs: number | null | undefined): number | undefined {
  if (timeoutMs === undefined || timeoutMs === null || timeoutMs < 0 || !Number.isFinite(timeoutMs)) return undefined;
  return timeoutMs;
}
