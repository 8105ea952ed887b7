/**
 * Coalesces bursts of "something changed" into at most one call per interval: the first
 * change in a quiet period runs at once (the view feels live), later ones in the same
 * interval collapse into one trailing call (the view never falls behind, never flickers).
 */
import type { Disposable } from './disposables';

/** The clock and timer a Throttle uses; tests pass a manual one so no test waits on real time. */
export interface ThrottleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class Throttle implements Disposable {
  private timer: unknown;
  private lastRun = Number.NEGATIVE_INFINITY;
  private pending = false;
  private disposed = false;

  constructor(
    private readonly action: () => void,
    private readonly intervalMs: number,
    private readonly clock: ThrottleClock = realClock,
  ) {}

  schedule(): void {
    if (this.disposed) return;
    this.pending = true;
    if (this.timer === undefined) this.runOrWait();
  }

  /** Runs a pending action now (e.g. when the run ends, so the final picture is not late). */
  flush(): void {
    this.cancelTimer();
    if (!this.pending || this.disposed) return;
    this.pending = false;
    this.lastRun = this.clock.now();
    this.action();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
  }

  // Node's timers count from the event loop's cached time, which can lag the clock by as much
  // as the current turn has run, so a timer may fire early: re-arm for what is left rather
  // than run inside the interval.
  private runOrWait(): void {
    const wait = this.lastRun + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.pending && !this.disposed) this.runOrWait();
    }, Math.ceil(wait));
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
