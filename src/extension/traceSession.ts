/**
 * A finished run loaded from a trace file: the same events, model and end as a live session
 * had, so every view (trees, decorations, Problems, the panel) shows it with no special case.
 * It never changes and has nothing to stop.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { asMillis, type Millis } from '../model/ids';
import type { RunEnd, RunInfo } from '../model/messages';
import { RunModel } from '../model/runModel';
import type { TraceEvent } from '../model/trace';
import { nextSessionId, type Session, type SessionChange } from './session';
import type { TraceFile } from './traceFile';

export class TraceSession implements Session {
  readonly kind = 'trace' as const;
  readonly sessionId = nextSessionId();
  readonly programPath: string;
  readonly label: string;
  readonly events: readonly TraceEvent[];
  readonly model = new RunModel();
  readonly run: RunInfo;
  readonly end: RunEnd;
  readonly ended: Promise<RunEnd>;
  readonly isLive = false;
  // Nothing ever fires: a loaded trace is complete. The events exist so views can subscribe alike.
  private readonly changeEmitter = new vscode.EventEmitter<SessionChange>();
  private readonly endEmitter = new vscode.EventEmitter<Session>();
  readonly onDidChange = this.changeEmitter.event;
  readonly onDidEnd = this.endEmitter.event;

  /** `tracePath` names the file it came from (for titles); `trace` is its parsed content. */
  constructor(trace: TraceFile, tracePath: string) {
    this.run = trace.run;
    this.programPath = trace.run.program;
    this.label = `${path.basename(tracePath)} (trace)`;
    this.events = trace.events;
    this.model.applyAll(trace.events);
    // A trace cut short (no `end`) ends where its last event is: the run's state at that moment.
    this.end = trace.end ?? {
      exitCode: 1,
      durationMs: this.model.latest,
      reason: 'stopped',
      records: { written: this.model.eventCount, dropped: this.model.totalDropped() },
      error: 'The trace ends before the run did.',
    };
    this.ended = Promise.resolve(this.end);
  }

  now(): Millis {
    return asMillis(Math.max(this.end.durationMs, this.model.latest));
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.endEmitter.dispose();
  }
}
