/**
 * Trace events: the decoded form of the runtime's binary records. The same objects flow
 * host → extension → webview, and the run model is built from them on every side.
 */
import type { Millis, PrimitiveId, WorkerId } from './ids';

export type PrimitiveKind = 'event' | 'lock' | 'process';
export const PRIMITIVE_KINDS: readonly PrimitiveKind[] = ['event', 'lock', 'process'];

/** What a blocked worker is waiting for; `sleep` has no primitive. */
export type WaitKind = 'event' | 'lock' | 'join' | 'sleep';
export const WAIT_KINDS: readonly WaitKind[] = ['event', 'lock', 'join', 'sleep'];

/** Operations that change a primitive's state and may wake waiters. */
export type OpKind = 'set' | 'clear' | 'acquire' | 'release' | 'start' | 'exit';
export const OP_KINDS: readonly OpKind[] = ['set', 'clear', 'acquire', 'release', 'start', 'exit'];

export type WaitOutcome = 'woken' | 'timeout' | 'immediate';
export const WAIT_OUTCOMES: readonly WaitOutcome[] = ['woken', 'timeout', 'immediate'];

export type OutputStream = 'stdout' | 'stderr';

export interface SourceSite {
  /** Absolute path of the user's file (not a URL). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export type WorkerRole = 'main' | 'process';

export interface WorkerStartEvent {
  readonly t: 'workerStart';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly name: string;
  readonly role: WorkerRole;
  readonly parent?: WorkerId;
  readonly daemon: boolean;
  /** Name of the target function, for processes. */
  readonly target?: string;
}

export interface WorkerExitEvent {
  readonly t: 'workerExit';
  readonly at: Millis;
  readonly worker: WorkerId;
  /** Python's meaning: 0 ok, 1 uncaught error, n from exit(n), negative signal when terminated. */
  readonly exitCode: number;
  /** The uncaught error's stack, or why the worker could not start. */
  readonly error?: string;
}

export interface PrimitiveCreateEvent {
  readonly t: 'primitiveCreate';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly primitive: PrimitiveId;
  readonly kind: PrimitiveKind;
  readonly name: string;
  readonly site?: SourceSite;
}

export interface WaitBeginEvent {
  readonly t: 'waitBegin';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly wait: WaitKind;
  readonly primitive?: PrimitiveId;
  /** Absent when the wait has no timeout. */
  readonly timeoutMs?: number;
  /** Where the blocking call is in the user's code. */
  readonly site?: SourceSite;
}

export interface WaitEndEvent {
  readonly t: 'waitEnd';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly outcome: WaitOutcome;
  readonly primitive?: PrimitiveId;
  /** The worker whose operation released this waiter. */
  readonly by?: WorkerId;
  readonly op?: OpKind;
  /** The releasing operation's sequence number in `by`'s own op counter. */
  readonly opSeq?: number;
}

export interface OpEvent {
  readonly t: 'op';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly primitive: PrimitiveId;
  readonly op: OpKind;
  /** Per-worker sequence number, so a wake can name exactly this operation. */
  readonly seq: number;
}

export interface OutputEvent {
  readonly t: 'output';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly stream: OutputStream;
  readonly text: string;
}

/** Records a worker could not write because its ring was full: counted, never silent. */
export interface DroppedEvent {
  readonly t: 'dropped';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly count: number;
}

export type TraceEvent =
  | WorkerStartEvent
  | WorkerExitEvent
  | PrimitiveCreateEvent
  | WaitBeginEvent
  | WaitEndEvent
  | OpEvent
  | OutputEvent
  | DroppedEvent;

export type TraceEventType = TraceEvent['t'];
