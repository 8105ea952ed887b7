/**
 * The visible time window and the user's intent behind it (fit all, a fixed window, follow
 * live). Every change is reported so main.ts can persist it with vscode.setState.
 */
import { clampWindow, fitWindow, followWindow, zoomWindow, type TimeWindow } from './timeScale';
import type { ViewState } from './viewState';

export class Viewport {
  constructor(
    private state: ViewState,
    private readonly onChange: (state: ViewState) => void,
  ) {}

  get follow(): boolean {
    return this.state.follow;
  }

  get mode(): ViewState['mode'] {
    return this.state.mode;
  }

  /** The window to draw now. Following moves the saved window along without a save each frame. */
  window(now: number, live: boolean): TimeWindow {
    if (this.state.mode === 'fit') return fitWindow(now);
    const saved = { start: this.state.start, end: this.state.end };
    if (!(this.state.follow && live)) return saved;
    const next = followWindow(saved, now);
    this.state = { ...this.state, ...next };
    return next;
  }

  zoom(factor: number, anchor: number, now: number, live: boolean): void {
    const current = this.window(now, live);
    const next = zoomWindow(current, factor, anchor, Math.max(now, 1) * 1.5);
    this.setWindow(clampWindow(next, now));
  }

  pan(deltaMs: number, now: number, live: boolean): void {
    const current = this.window(now, live);
    const next = clampWindow({ start: current.start + deltaMs, end: current.end + deltaMs }, now);
    // Dragging back in time while live means "let me look": stop following.
    this.state = { ...this.state, follow: this.state.follow && !live };
    this.setWindow(next);
  }

  /** Bring `t` into view, centred, keeping the zoom level. */
  reveal(t: number, now: number, live: boolean): void {
    const current = this.window(now, live);
    if (t >= current.start && t <= current.end) return;
    const span = current.end - current.start;
    this.state = { ...this.state, follow: this.state.follow && !live };
    this.setWindow(clampWindow({ start: t - span / 2, end: t + span / 2 }, now));
  }

  /** A window chosen for another run means nothing for this one (but survives a reload). */
  adoptRun(runId: string): void {
    if (this.state.runId !== runId) this.update({ ...this.state, mode: 'fit', runId });
  }

  fit(): void {
    this.update({ ...this.state, mode: 'fit' });
  }

  setFollow(follow: boolean): void {
    this.update({ ...this.state, follow });
  }

  private setWindow(window: TimeWindow): void {
    this.update({ ...this.state, mode: 'window', start: window.start, end: window.end });
  }

  private update(next: ViewState): void {
    this.state = next;
    this.onChange(next);
  }

  snapshot(): ViewState {
    return this.state;
  }
}
