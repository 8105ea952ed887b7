/**
 * What every view reads: one run's events, its model and how it ended, whether it came from a
 * live host process (RunSession) or from a trace file written by `threadline run --trace`
 * (TraceSession). Views take a Session and never care which.
 */
import type * as vscode from 'vscode';
import type { Millis } from '../model/ids';
import type { RunEnd, RunInfo } from '../model/messages';
import type { RunModel } from '../model/runModel';
import type { TraceEvent } from '../model/trace';

/** `run`: a program running under a host process; `trace`: a finished run loaded from a file. */
export type SessionKind = 'run' | 'trace';

/** One change of a session: a batch of new trace events (empty when only `run` became known). */
export interface SessionChange {
  readonly session: Session;
  readonly events: readonly TraceEvent[];
}

export interface Session extends vscode.Disposable {
  readonly kind: SessionKind;
  /** Unique within this extension host. */
  readonly sessionId: number;
  /** Absolute path of the program that ran. */
  readonly programPath: string;
  /** For the views' titles: the program's file name, or the trace file's for a loaded trace. */
  readonly label: string;
  /** Every trace event so far, in arrival order: a reloaded panel is re-fed from here. */
  readonly events: readonly TraceEvent[];
  readonly model: RunModel;
  readonly run: RunInfo | undefined;
  readonly end: RunEnd | undefined;
  readonly ended: Promise<RunEnd>;
  readonly isLive: boolean;
  /** "Now" on the run's clock: the end once known, else the wall clock since the run started. */
  now(): Millis;
  readonly onDidChange: vscode.Event<SessionChange>;
  readonly onDidEnd: vscode.Event<Session>;
}

let sessionCounter = 0;

export function nextSessionId(): number {
  return ++sessionCounter;
}
