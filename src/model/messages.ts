/**
 * The typed messages between processes and views. One module per boundary would be neater
 * once they grow; for now each union is small and they share the trace event type.
 */
import type { TraceEvent } from './trace';

export const PROTOCOL_VERSION = 1;

export interface RunInfo {
  readonly runId: string;
  /** Absolute path of the program being run. */
  readonly program: string;
  /** Wall-clock time the run started (ms since the Unix epoch), for display only. */
  readonly startedAtEpochMs: number;
}

export type RunEndReason = 'exited' | 'stopped' | 'failedToStart';

export interface RunEnd {
  readonly exitCode: number;
  readonly durationMs: number;
  readonly reason: RunEndReason;
  readonly records: { readonly written: number; readonly dropped: number };
  /** Why the program could not run (syntax error, missing file), when reason is failedToStart. */
  readonly error?: string;
}

/** Host process → its parent (the extension's run session or the CLI). */
export type HostMessage =
  | { readonly type: 'hello'; readonly protocol: number; readonly run: RunInfo }
  /** `seq` counts batches so a reader can tell it missed one. */
  | { readonly type: 'events'; readonly seq: number; readonly events: readonly TraceEvent[] }
  | { readonly type: 'runEnd'; readonly end: RunEnd };

/** Parent → host: control only. */
export type HostControl = { readonly type: 'stop' };

/** Extension → webview. `reset` is a whole snapshot; `events` a delta after `seq`. */
export type PanelMessage =
  | {
      readonly type: 'reset';
      readonly run: RunInfo | undefined;
      readonly events: readonly TraceEvent[];
      readonly seq: number;
      readonly end?: RunEnd;
    }
  | { readonly type: 'events'; readonly seq: number; readonly events: readonly TraceEvent[] }
  | { readonly type: 'runEnd'; readonly end: RunEnd };

/** Webview → extension: control only, each checked by a guard before use. */
export type PanelRequest =
  | { readonly type: 'ready' }
  | { readonly type: 'revealSource'; readonly file: string; readonly line: number; readonly column: number }
  /** The panel's "Export…" button: save the run as a Perfetto-loadable trace (src/model/perfettoExport.ts). */
  | { readonly type: 'export' };

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'hello':
      return typeof value.protocol === 'number' && isRecord(value.run);
    case 'events':
      return typeof value.seq === 'number' && Array.isArray(value.events);
    case 'runEnd':
      return isRecord(value.end) && typeof value.end.exitCode === 'number';
    default:
      return false;
  }
}

export function isHostControl(value: unknown): value is HostControl {
  return isRecord(value) && value.type === 'stop';
}

export function isPanelRequest(value: unknown): value is PanelRequest {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'export':
      return true;
    case 'revealSource':
      return (
        typeof value.file === 'string' &&
        Number.isInteger(value.line) &&
        Number.isInteger(value.column) &&
        (value.line as number) > 0
      );
    default:
      return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
