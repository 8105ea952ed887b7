/**
 * Trace events: the decoded form of the runtime's binary records. The same objects flow
 * host → extension → webview, and the run model is built from them on every side.
 */
import type { Millis, PrimitiveId, WorkerId } from './ids';
import type { Problem } from './problems';

/*
 * The kind lists below are wire codes (a record stores the index): only ever append.
 */
export const PRIMITIVE_KINDS = [
  'event', 'lock', 'process',
  'rlock', 'semaphore', 'boundedSemaphore', 'condition', 'barrier',
  'queue', 'joinableQueue', 'simpleQueue', 'pipe', 'value', 'array',
  'pool', 'manager', 'managedList', 'managedDict', 'namespace',
] as const;
export type PrimitiveKind = (typeof PRIMITIVE_KINDS)[number];

/** What a blocked worker is waiting for; `sleep` has no primitive. */
export const WAIT_KINDS = [
  'event', 'lock', 'join', 'sleep',
  'rlock', 'semaphore', 'condition', 'barrier',
  /** queue.get / pipe recv on an empty channel */
  'get',
  /** queue.put on a full queue */
  'put',
  /** JoinableQueue.join until every item is done */
  'queueJoin',
  'recv',
  /** AsyncResult.get / wait, Pool.map and friends */
  'result',
  /** Pool.join, waiting for the pool's workers to end */
  'poolJoin',
] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];

/** Lock-like waits: the worker is blocked on something another worker holds. */
export const BLOCKING_WAITS: ReadonlySet<WaitKind> = new Set<WaitKind>(['lock', 'rlock', 'semaphore']);

/** Operations that change a primitive's state and may wake waiters. */
export const OP_KINDS = [
  'set', 'clear', 'acquire', 'release', 'start', 'exit',
  'notify', 'arrive', 'abort', 'reset', 'put', 'get', 'send', 'recv', 'taskDone', 'close',
  'submit', 'complete', 'terminate',
  /** A worker's runtime is up and its program begins to load (the end of 'starting'). */
  'boot',
] as const;
export type OpKind = (typeof OP_KINDS)[number];

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

export type WorkerRole = 'main' | 'process' | 'poolWorker';

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
  /** The pool a pool worker serves. */
  readonly pool?: PrimitiveId;
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
  /** Where in the user's code, for acquisitions that matter to lock-order checks. */
  readonly site?: SourceSite;
}

export interface OutputEvent {
  readonly t: 'output';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly stream: OutputStream;
  readonly text: string;
  /** The console call that wrote it (absent for raw stream writes and native output). */
  readonly site?: SourceSite;
}

/** Records a worker could not write because its ring was full: counted, never silent. */
export interface DroppedEvent {
  readonly t: 'dropped';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly count: number;
}

/** A pool task began on a worker. `task` numbers tasks per pool from 0, in submission order. */
export interface TaskStartEvent {
  readonly t: 'taskStart';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly pool: PrimitiveId;
  readonly task: number;
  readonly fn: string;
  /** A short preview of the arguments, for labels and tooltips. */
  readonly args?: string;
}

/** A pool task ended; failed tasks carry the error even when nobody asks for the result. */
export interface TaskEndEvent {
  readonly t: 'taskEnd';
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly pool: PrimitiveId;
  readonly task: number;
  readonly ok: boolean;
  readonly error?: string;
}

/** A detector's finding (host-made, never from a ring). */
export interface ProblemEvent {
  readonly t: 'problem';
  readonly at: Millis;
  readonly problem: Problem;
}

export type TraceEvent =
  | WorkerStartEvent
  | WorkerExitEvent
  | PrimitiveCreateEvent
  | WaitBeginEvent
  | WaitEndEvent
  | OpEvent
  | OutputEvent
  | DroppedEvent
  | TaskStartEvent
  | TaskEndEvent
  | ProblemEvent;

export type TraceEventType = TraceEvent['t'];
