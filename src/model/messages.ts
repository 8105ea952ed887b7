/**
 * The typed messages between processes and views. One module per boundary would be neater
 * once they grow; for now each union is small and they share the trace event type.
 */
import type { WorkerId } from './ids';
import type { TraceEvent } from './trace';

export const PROTOCOL_VERSION = 2;

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

/**
 * One worker's trace records exactly as its ring held them (traceRing.ts layout, read with
 * recordBlock.ts): forwarded as bytes so the host does not build, and serialize, one object
 * per record. Decoded into trace events by the receiver (batchDecoder.ts).
 */
export interface RecordBlock {
  readonly worker: WorkerId;
  readonly bytes: Uint8Array;
}

/** A batch is a sequence of parts in the order the host produced them. */
export type BatchPart =
  | { readonly kind: 'records'; readonly block: RecordBlock }
  /** Events the host made itself (starts, exits, findings, drop counts, native output). */
  | { readonly kind: 'events'; readonly events: readonly TraceEvent[] };

/**
 * Host process → its parent (the extension's run session or the CLI), over an IPC channel with
 * 'advanced' serialization (launch.ts) so record blocks travel as bytes.
 */
export type HostMessage =
  | { readonly type: 'hello'; readonly protocol: number; readonly run: RunInfo }
  /** `seq` counts batches so a reader can tell it missed one. */
  | { readonly type: 'batch'; readonly seq: number; readonly parts: readonly BatchPart[] }
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
    case 'batch':
      return typeof value.seq === 'number' && Array.isArray(value.parts) && value.parts.every(isBatchPart);
    case 'runEnd':
      return isRecord(value.end) && typeof value.end.exitCode === 'number';
    default:
      return false;
  }
}

function isBatchPart(value: unknown): value is BatchPart {
  if (!isRecord(value)) return false;
  if (value.kind === 'events') return Array.isArray(value.events);
  return value.kind === 'records' && isRecord(value.block) && typeof value.block.worker === 'number' && value.block.bytes instanceof Uint8Array;
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
