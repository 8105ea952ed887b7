/**
 * The one way a thread blocks: park on an arena word with Atomics.wait until a predicate holds
 * or the deadline passes. Atomics.wait returns on notify, on a changed value or spuriously, so
 * the loop re-checks the predicate every time.
 */
import { performance } from 'node:perf_hooks';
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

/** Set when this thread's last notify woke a parked thread; cleared by the next spin decision. */
let wokeAnother = false;

/**
 * Atomics.notify that remembers whether it woke anyone. A thread that has just woken another
 * does not spin in its next wait: the woken thread needs a CPU to run (and answer), and on a
 * machine with no idle CPU the spinner holds the one it would get. Measured on two busy CPUs,
 * spinning there made a pool's task round trip 3–8× slower; a spin only pays while the other
 * side is already running, which is when nobody had to be woken.
 */
export function notifyParked(words: Int32Array, index: number, count?: number): number {
  const woken = Atomics.notify(words, index, count);
  if (woken > 0) wokeAnother = true;
  return woken;
}

/**
 * Every Nth wait after a wake spins all the same: two threads that hand work back and forth
 * (a pool's owner and worker) stay in whichever mode they are in, and this probe is how they
 * find out that spinning pays again once CPUs are free.
 */
const PROBE_AFTER_WAKE_EVERY = 16;
let waitsAfterWake = 0;
/**
 * How long that probe spins in a wait (spinUntil): longer than a wake across CPUs (25–30 µs
 * here), whatever the adapted budget says. Two threads handing an Event back and forth that
 * have both fallen into parking each wake the other, so neither spins; a probe shorter than
 * the partner's wake-up always fails, and they stayed parked (a two-CPU ping-pong at 23–33 µs a
 * round trip instead of 2–5). A probe that outlasts the wake sees the answer without parking,
 * so the partner is answered without a notify, spins in turn, and both are back to spinning.
 * At most 80 µs every 16 waits after a wake where it fails.
 */
const PROBE_AFTER_WAKE_MS = SPIN_MAX_MS === 0 ? 0 : 0.08;

/** What this wait does about a wake this thread made: nothing (none made), no spin, or the probe. */
function afterWake(): 'none' | 'noSpin' | 'probe' {
  if (!wokeAnother) return 'none';
  wokeAnother = false;
  if (++waitsAfterWake < PROBE_AFTER_WAKE_EVERY) return 'noSpin';
  waitsAfterWake = 0;
  return 'probe';
}

/** How long the next wait may spin: `maxMs`, or 0 right after this thread woke another (or on one CPU). */
export function spinBudget(maxMs: number): number {
  if (SPIN_MAX_MS === 0) return 0;
  return afterWake() === 'noSpin' ? 0 : maxMs;
}

/**
 * Spins (without parking, tracing or allocating) until `ready` holds or the spin budget or
 * `timeoutMs` runs out. True when ready: the caller then never parks.
 */
export function spinUntil(words: Int32Array, index: number, ready: (observed: number) => boolean, timeoutMs: number | undefined): boolean {
  if (SPIN_MAX_MS === 0) return false;
  const wake = afterWake();
  if (wake === 'noSpin') return false;
  let budget = wake === 'probe' ? PROBE_AFTER_WAKE_MS : spinMs;
  if (budget === 0) {
    if (++waitsSinceProbe < PROBE_EVERY) return false;
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

/**
 * A parked wait captures its call site (a stack capture, ~5 µs) only once it has lasted this
 * long: most parks end within a wake's latency, and the site matters for waits one can see
 * and ask about (the panel's waiting spans, stuck workers), which last far longer. The wait's
 * record is then written with its true start time, as for a wait that spun. Not shorter: a
 * timed Atomics.wait of 1–2 ms measured a slower wake than an untimed one (a one-CPU
 * ping-pong went from 12 to 25 µs); from 5 ms on, no difference.
 */
export const SITE_AFTER_MS = 5;

/**
 * The first part of a traced wait's park: at most SITE_AFTER_MS (or the timeout, if shorter).
 * 'woken' or 'timeout' when the wait ended in it (the caller then traces the whole wait at once,
 * without a site); 'longer' when it goes on (the caller writes its first record, with the site,
 * and parks for the rest). A result rather than a callback: a closure made per wait costs more
 * than the park's bookkeeping (the bundles keep function names, one defineProperty per closure).
 */
export function parkBriefly(words: Int32Array, index: number, ready: (observed: number) => boolean, timeoutMs: number | undefined): 'woken' | 'timeout' | 'longer' {
  const quick = timeoutMs === undefined ? SITE_AFTER_MS : Math.min(SITE_AFTER_MS, timeoutMs);
  if (parkUntil(words, index, ready, quick)) return 'woken';
  return timeoutMs !== undefined && timeoutMs <= quick ? 'timeout' : 'longer';
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
