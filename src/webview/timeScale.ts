/**
 * Time ↔ pixel mapping for the timeline, "nice" axis ticks, and the ms/s wording used by the
 * axis, the header and tooltips. All times are milliseconds since the run started.
 */

export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** Below this the clock's resolution (and float noise) makes zooming meaningless. */
export const MIN_SPAN_MS = 0.01;

export class TimeScale {
  readonly msPerPx: number;

  constructor(
    readonly window: TimeWindow,
    /** Left edge of the plot area in CSS pixels. */
    readonly left: number,
    /** Plot width in CSS pixels. */
    readonly width: number,
  ) {
    this.msPerPx = (window.end - window.start) / Math.max(1, width);
  }

  x(t: number): number {
    return this.left + (t - this.window.start) / this.msPerPx;
  }

  t(x: number): number {
    return this.window.start + (x - this.left) * this.msPerPx;
  }

  get right(): number {
    return this.left + this.width;
  }
}

export interface Ticks {
  readonly step: number;
  readonly values: readonly number[];
}

/** Ticks on 1-2-5 steps, at least `minSpacingPx` apart. */
export function niceTicks(window: TimeWindow, widthPx: number, minSpacingPx = 90): Ticks {
  const span = window.end - window.start;
  if (!(span > 0) || widthPx <= 0) return { step: 1, values: [] };
  const rough = (span * minSpacingPx) / widthPx;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const values: number[] = [];
  const first = Math.ceil(window.start / step) * step;
  for (let v = first; v <= window.end && values.length < 1000; v += step) values.push(roundTo(v, step));
  return { step, values };
}

/** An axis label: as many decimals as the step needs, so neighbours always differ. */
export function formatTick(ms: number, step: number): string {
  if (ms === 0) return '0';
  if (step >= 1000) return `${(ms / 1000).toFixed(decimalsFor(step / 1000))} s`;
  return `${ms.toFixed(decimalsFor(step))} ms`;
}

/** A duration or a time for people: three significant figures, ms below a second. */
export function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 10) return `${ms.toFixed(2)} ms`;
  if (abs < 100) return `${ms.toFixed(1)} ms`;
  if (abs < 1000) return `${ms.toFixed(0)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(abs / 60_000);
  const seconds = Math.round((abs % 60_000) / 1000);
  return `${ms < 0 ? '-' : ''}${minutes} min ${seconds} s`;
}

/** Zoom by `factor` (< 1 zooms in) keeping time `anchor` at the same screen position. */
export function zoomWindow(window: TimeWindow, factor: number, anchor: number, maxSpan: number): TimeWindow {
  const span = window.end - window.start;
  const next = clamp(span * factor, MIN_SPAN_MS, Math.max(maxSpan, MIN_SPAN_MS));
  const ratio = span > 0 ? (anchor - window.start) / span : 0.5;
  const start = anchor - ratio * next;
  return { start, end: start + next };
}

/** Keep a window over the run: not far before 0, not far past `now`. */
export function clampWindow(window: TimeWindow, now: number): TimeWindow {
  const span = window.end - window.start;
  const minStart = -span * 0.05;
  const maxEnd = Math.max(now, span) + span * 0.25;
  let start = window.start;
  if (start + span > maxEnd) start = maxEnd - span;
  if (start < minStart) start = minStart;
  return { start, end: start + span };
}

/** The whole run with a little air on the right, so the last bar is not glued to the edge. */
export function fitWindow(now: number): TimeWindow {
  const span = Math.max(now, 1);
  return { start: 0, end: span * 1.02 };
}

/** Follow live: the same span, ending just after "now". */
export function followWindow(window: TimeWindow, now: number): TimeWindow {
  const span = window.end - window.start;
  if (now <= span * 0.95) return { start: 0, end: span };
  const end = now + span * 0.05;
  return { start: end - span, end };
}

function decimalsFor(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

function roundTo(value: number, step: number): number {
  const d = decimalsFor(step);
  return Number(value.toFixed(Math.min(d + 1, 12)));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
