/**
 * Coalesces bursts of "something changed" into at most one call per interval: the first
 * change in a quiet period runs at once (the view feels live), later ones in the same
 * interval collapse into one trailing call (the view never falls behind, never flickers).
 */
import type { Disposable } from './disposables';

export class Throttle implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private lastRun = 0;
  private pending = false;
  private disposed = false;

  constructor(
    private readonly action: () => void,
    private readonly intervalMs: number,
  ) {}

  schedule(): void {
    if (this.disposed) return;
    this.pending = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastRun + this.intervalMs - Date.now());
    if (wait === 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Runs a pending action now (e.g. when the run ends, so the final picture is not late). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending || this.disposed) return;
    this.pending = false;
    this.lastRun = Date.now();
    this.action();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
