/**
 * Folds the extension's snapshot + delta stream into one RunModel. A delta whose `seq` is not
 * the next one means something was lost: the session then ignores deltas until a fresh
 * snapshot arrives, so the picture is never partial (tokio-console's snapshot + delta idea).
 */
import type { PanelMessage, RunEnd, RunInfo } from '../model/messages';
import { RunModel } from '../model/runModel';
import type { TraceEvent } from '../model/trace';
import type { PanelRunState } from './domIds';

export type ApplyResult =
  /** The model changed; redraw. */
  | 'changed'
  /** Nothing to do (a stale duplicate, or waiting for a snapshot). */
  | 'ignored'
  /** A batch went missing: ask the extension for a snapshot. */
  | 'needSnapshot';

export class PanelSession {
  model = new RunModel();
  run: RunInfo | undefined;
  end: RunEnd | undefined;
  seq = 0;
  /** Bumped on every reset, so views can drop whatever they derived from the old model. */
  generation = 0;
  private awaitingSnapshot = false;

  apply(message: PanelMessage): ApplyResult {
    switch (message.type) {
      case 'reset':
        this.model = new RunModel();
        this.model.applyAll(message.events);
        this.run = message.run;
        this.end = message.end;
        this.seq = message.seq;
        this.generation++;
        this.awaitingSnapshot = false;
        return 'changed';
      case 'events':
        if (this.awaitingSnapshot || message.seq <= this.seq) return 'ignored';
        if (message.seq !== this.seq + 1) {
          this.awaitingSnapshot = true;
          return 'needSnapshot';
        }
        this.model.applyAll(message.events);
        this.seq = message.seq;
        return 'changed';
      case 'runEnd':
        if (this.awaitingSnapshot) return 'ignored';
        this.end = message.end;
        return 'changed';
    }
  }

  get live(): boolean {
    return this.run !== undefined && this.end === undefined;
  }

  get runState(): PanelRunState {
    if (this.end) return this.end.reason;
    return this.run ? 'running' : 'idle';
  }

  /** Wall clock (ms since the epoch); replaceable for tests. */
  clock: () => number = () => Date.now();

  /**
   * "Now" on the run's clock: the end once known; while live, the latest event seen or the
   * wall-clock time since the run started, whichever is later — so the open waits of a
   * deadlocked run (which records nothing more) keep growing on screen.
   */
  get now(): number {
    if (this.end) return Math.max(this.end.durationMs, this.model.latest);
    return liveNow(this.model.latest, this.run?.startedAtEpochMs, this.clock());
  }
}

/** Elapsed wall time, trusted up to an hour past the last event (a sleeping laptop, a skewed clock). */
export function liveNow(latest: number, startedAtEpochMs: number | undefined, wallMs: number): number {
  if (startedAtEpochMs === undefined || !Number.isFinite(startedAtEpochMs)) return latest;
  const elapsed = wallMs - startedAtEpochMs;
  if (!(elapsed > latest)) return latest;
  return Math.min(elapsed, latest + 3_600_000);
}

/** Shape check for data arriving through window 'message' events (any frame may post). */
export function isPanelMessage(value: unknown): value is PanelMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'reset':
      return typeof m.seq === 'number' && isEventArray(m.events) && (m.end === undefined || isRunEnd(m.end));
    case 'events':
      return typeof m.seq === 'number' && isEventArray(m.events);
    case 'runEnd':
      return isRunEnd(m.end);
    default:
      return false;
  }
}

function isEventArray(value: unknown): value is readonly TraceEvent[] {
  return Array.isArray(value) && value.every((e) => typeof e === 'object' && e !== null && typeof (e as { at?: unknown }).at === 'number');
}

function isRunEnd(value: unknown): value is RunEnd {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.exitCode === 'number' && typeof e.durationMs === 'number' && typeof e.reason === 'string' && typeof e.records === 'object' && e.records !== null;
}
