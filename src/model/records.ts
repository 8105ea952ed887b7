/**
 * Record type codes and the decoder from ring records to trace events. The runtime writes
 * records with these codes (see src/runtime/tracer.ts); the host decodes them here.
 */
import { asMillis, asPrimitiveId, type Millis, type PrimitiveId, type WorkerId } from './ids';
import type { RawRecord } from './traceRing';
import {
  OP_KINDS,
  PRIMITIVE_KINDS,
  WAIT_KINDS,
  WAIT_OUTCOMES,
  type OpEvent,
  type OpKind,
  type SourceSite,
  type TraceEvent,
  type WaitBeginEvent,
  type WaitEndEvent,
  type WaitKind,
  type WaitOutcome,
} from './trace';

export const RecordType = {
  primitiveCreate: 1,
  waitBegin: 2,
  waitEnd: 3,
  op: 4,
  output: 5,
  /**
   * primitive = pool, a = task index, text = "fn\nargs preview"; or, with b = TASK_ARG_INT32,
   * text = fn and c = the task's one argument, an int32 (the preview is made when read).
   */
  taskStart: 6,
  /**
   * primitive = pool, a = task index, b = 1 when ok, text = error; c = the seq of the pool's
   * `complete` op that handed the task's result to the owner, traced in the same record (0:
   * none here, it has a record of its own).
   */
  taskEnd: 7,
  /**
   * Several tasks of one chunk starting, traced as one record instead of one per task:
   * primitive = pool, a = first task index, b = task count (at most MAX_CHUNK_SPAN_TASKS),
   * text = "fn\nthe first task's args preview".
   */
  chunkStart: 8,
  /**
   * The end of a chunkStart's tasks: primitive = pool, a = first task index, b = tasks that
   * completed ok; c = 1 when the task after them failed (text = its error) and the rest never
   * ran, as Python's mapstar stops at a chunk's first error.
   */
  chunkEnd: 9,
  /**
   * A wait already over when written (it spun, or parked only briefly): one extended record in
   * place of a waitBegin and a waitEnd. time = when it ended, began = when it began;
   * a = outcome | cause op << 8 | wait kind << 16; b = the waker (NO_WORKER when none), c = the
   * waker's op seq; d = timeout (NO_TIMEOUT); e = the seq of the acquire the wait ended in, at
   * the same time (a lock taken, so its op needs no record of its own), or NO_ACQUIRE.
   */
  waitOver: 10,
  /**
   * Ops nobody waited for, repeated on one primitive (a loop's acquire, release, acquire…),
   * in one record the writer counts up in place (see TraceRingWriter.writeGrowable):
   * primitive, a = the first op, alternating with its pair (OP_RUN_PAIRS) from there,
   * b = the first op's seq (the others follow it one by one), c = how many ops; time = a
   * lower bound for all of them, settled by the reader.
   */
  opRun: 11,
} as const;

/** The most ops one opRun record stands for: it bounds what a damaged record may expand to. */
export const MAX_OP_RUN = 1 << 16;

/** The op that follows each op in a run: an acquire and its release take turns. */
export const OP_RUN_PAIRS: Readonly<Partial<Record<OpKind, OpKind>>> = { acquire: 'release', release: 'acquire' };

/** An opRun record's ops: `count` of them, `first`, `second`, `first`… */
export interface OpRun {
  readonly first: OpKind;
  /** The first's pair; the first itself for a run of one op with no pair. */
  readonly second: OpKind;
  readonly count: number;
}

/** An opRun record's ops; undefined for a damaged one (an unknown op, a count out of bounds, an op with no pair repeated). */
export function readOpRun(record: RawRecord): OpRun | undefined {
  const first = OP_KINDS[record.a];
  const count = record.c;
  if (first === undefined || count < 1 || count > MAX_OP_RUN) return undefined;
  const second = OP_RUN_PAIRS[first];
  if (second === undefined) return count === 1 ? { first, second: first, count } : undefined;
  return { first, second, count };
}

/**
 * The ops of a run that change anything for a reader that follows who holds what: a release
 * undoes the acquire before it, so the first op, its pair, and a last op when the count is odd
 * say all the run says. At most three.
 */
export function opRunEffect(run: OpRun): OpKind[] {
  if (run.count === 1) return [run.first];
  return run.count % 2 === 1 ? [run.first, run.second, run.first] : [run.first, run.second];
}

/**
 * The most tasks one chunkStart/chunkEnd pair covers: the worker traces a longer chunk as
 * several spans of this many. It bounds what one record may expand to (a damaged ring cannot
 * make a decoder produce millions of events), and a worker stuck in a long chunk is shown at
 * most this many tasks from where it is.
 */
export const MAX_CHUNK_SPAN_TASKS = 1024;
/** In a chunkEnd's `c`: the task after the ones that completed failed. */
export const CHUNK_FAILED = 1;
/**
 * taskStart's b when the task's one argument is an int32, carried in c: a tiny task's usual
 * argument, whose preview string ("(42)") would cost its writer more than the record.
 */
export const TASK_ARG_INT32 = 1;

/** In a waitOver's `e`: the wait took nothing. */
export const NO_ACQUIRE = 0;

export const NO_PRIMITIVE = -1;
export const NO_WORKER = -1;
export const NO_TIMEOUT = -1;
/** Set in an output record's `c` when the text continues in the next output record. */
export const OUTPUT_CONTINUES = 1;
/** In an output record's field `a`: the text starts with the console call's site, then OUTPUT_SITE_END. */
export const OUTPUT_HAS_SITE = 1;
export const OUTPUT_SITE_END = '\u0000';

/** A site travels as "line:column:file" so the file, which may contain colons, comes last. */
export function encodeSite(site: SourceSite | undefined): string {
  return site ? `${site.line}:${site.column}:${site.file}` : '';
}

export function decodeSite(text: string | undefined): SourceSite | undefined {
  if (!text) return undefined;
  const first = text.indexOf(':');
  const second = text.indexOf(':', first + 1);
  if (first < 0 || second < 0) return undefined;
  return { line: Number(text.slice(0, first)), column: Number(text.slice(first + 1, second)), file: text.slice(second + 1) };
}

/** Primitive metadata travels as "name\nsite" (names never contain newlines). */
export function encodeCreate(name: string, site: SourceSite | undefined): string {
  return `${name.replace(/\n/g, ' ')}\n${encodeSite(site)}`;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/*
 * The wait events are built by assignment, not by spreading optional parts: each spread made
 * a short-lived object per event, and every reader decodes every wait.
 */
function waitBeginEvent(at: Millis, worker: WorkerId, wait: WaitKind, primitive: number, timeout: number, site: SourceSite | undefined): WaitBeginEvent {
  const event: Writable<WaitBeginEvent> = { t: 'waitBegin', at, worker, wait };
  if (primitive !== NO_PRIMITIVE) event.primitive = asPrimitiveId(primitive);
  if (timeout !== NO_TIMEOUT) event.timeoutMs = timeout;
  if (site) event.site = site;
  return event;
}

/** `by` is NO_WORKER for a wait without a cause (`cause` and `opSeq` are then ignored). */
function waitEndEvent(at: Millis, worker: WorkerId, outcome: WaitOutcome, primitive: number, by: number, cause: OpKind | undefined, opSeq: number): WaitEndEvent {
  const event: Writable<WaitEndEvent> = { t: 'waitEnd', at, worker, outcome };
  if (primitive !== NO_PRIMITIVE) event.primitive = asPrimitiveId(primitive);
  if (by !== NO_WORKER && cause !== undefined) {
    event.by = by as WorkerId;
    event.op = cause;
    event.opSeq = opSeq;
  }
  return event;
}

/**
 * A wait that was over when it was written (a waitOver record), by name: what its waitBegin,
 * waitEnd and acquire events would say. `by` and `cause` only for a wait a worker's op ended.
 */
export interface PassedWait {
  readonly wait: WaitKind;
  readonly outcome: WaitOutcome;
  readonly primitive: PrimitiveId | undefined;
  readonly timeoutMs: number | undefined;
  readonly began: Millis;
  readonly end: Millis;
  readonly by: WorkerId | undefined;
  readonly cause: OpKind | undefined;
  /** The acquire it ended in, if it took something. */
  readonly acquireSeq: number | undefined;
}

/** A waitOver record's fields (see RecordType.waitOver); undefined for a damaged one. */
export function readPassedWait(record: RawRecord): PassedWait | undefined {
  const wait = WAIT_KINDS[(record.a >>> 16) & 0xff];
  const outcome = WAIT_OUTCOMES[record.a & 0xff];
  if (!wait || !outcome) return undefined;
  const cause = OP_KINDS[(record.a >>> 8) & 0xff];
  const caused = record.b !== NO_WORKER && cause !== undefined;
  const primitive = record.primitive === NO_PRIMITIVE ? undefined : asPrimitiveId(record.primitive);
  return {
    wait,
    outcome,
    primitive,
    timeoutMs: record.d === NO_TIMEOUT ? undefined : record.d,
    began: asMillis(Math.min(record.began, record.time)),
    end: asMillis(record.time),
    by: caused ? (record.b as WorkerId) : undefined,
    cause: caused ? cause : undefined,
    acquireSeq: record.e !== NO_ACQUIRE && primitive !== undefined ? record.e : undefined,
  };
}

/** Where a decoder puts the events of a record: most records make one, some none or many. */
export type EventSink = (event: TraceEvent) => void;

/**
 * Takes pool tasks without the events they would make (two a task: a 100 k item map makes
 * 200 k): `completed` tasks that ended ok (0 for a task starting), standing for `events` events.
 * False: the events are made as usual. See RunModel.tallyTasks.
 */
export type TaskSpanTally = (worker: WorkerId, pool: PrimitiveId, completed: number, at: Millis, events: number) => boolean;

/** A chunk's span whose start has been decoded and whose end has not. */
interface OpenChunk {
  readonly pool: PrimitiveId;
  readonly firstTask: number;
  readonly tasks: number;
  readonly fn: string;
  readonly from: Millis;
}

/**
 * Turns one worker's records into trace events; keeps the state a split output and an open
 * chunk need. A chunk's tasks come out as the same taskStart/taskEnd events a task traced on
 * its own makes: its first task starts with the chunk (so a worker inside a long chunk shows
 * as busy in a task), and when the chunk ends its span is divided evenly among the tasks that
 * ran (the worker records no time per task, that being what chunking saves).
 */
export class RecordDecoder {
  private pendingOutput = '';
  private openChunk: OpenChunk | undefined;

  constructor(private readonly worker: WorkerId) {}

  decode(record: RawRecord, emit: EventSink, tallyTasks?: TaskSpanTally): void {
    if (record.type === RecordType.chunkStart) return this.startChunk(record, emit);
    if (record.type === RecordType.chunkEnd) return this.endChunk(record, emit, tallyTasks);
    if (record.type === RecordType.waitOver) return this.waitOver(record, emit);
    if (record.type === RecordType.opRun) return this.opRun(record, emit);
    if (record.type === RecordType.taskEnd && record.c !== 0) return this.taskEndAndComplete(record, emit);
    const event = this.decodeOne(record);
    if (event) emit(event);
  }

  /** A task's end and the `complete` op that handed its result to the owner, at the end's time. */
  private taskEndAndComplete(record: RawRecord, emit: EventSink): void {
    const event = this.decodeOne(record);
    if (!event) return;
    emit(event);
    emit({ t: 'op', at: event.at, worker: this.worker, primitive: asPrimitiveId(record.primitive), op: 'complete', seq: record.c });
  }

  /** Each op of a run, at the run's one time. */
  private opRun(record: RawRecord, emit: EventSink): void {
    const run = readOpRun(record);
    if (!run) return;
    const at = asMillis(record.time);
    const primitive = asPrimitiveId(record.primitive);
    for (let i = 0; i < run.count; i++) emit({ t: 'op', at, worker: this.worker, primitive, op: i % 2 === 0 ? run.first : run.second, seq: record.b + i });
  }

  /** The waitBegin and waitEnd a waitOver stands for, and the acquire it ended in. */
  private waitOver(record: RawRecord, emit: EventSink): void {
    const passed = readPassedWait(record);
    if (!passed) return;
    const worker = this.worker;
    emit(waitBeginEvent(passed.began, worker, passed.wait, record.primitive, record.d, undefined));
    emit(waitEndEvent(passed.end, worker, passed.outcome, record.primitive, record.b, passed.cause, record.c));
    if (passed.acquireSeq !== undefined) emit({ t: 'op', at: passed.end, worker, primitive: asPrimitiveId(record.primitive), op: 'acquire', seq: passed.acquireSeq });
  }

  private startChunk(record: RawRecord, emit: EventSink): void {
    const tasks = record.b;
    if (tasks < 1 || tasks > MAX_CHUNK_SPAN_TASKS) return;
    const { fn, args } = splitTaskText(record.text);
    const chunk: OpenChunk = { pool: asPrimitiveId(record.primitive), firstTask: record.a, tasks, fn, from: asMillis(record.time) };
    this.openChunk = chunk;
    emit({ t: 'taskStart', at: chunk.from, worker: this.worker, pool: chunk.pool, task: chunk.firstTask, fn, ...(args ? { args } : {}) });
  }

  private endChunk(record: RawRecord, emit: EventSink, tallyTasks: TaskSpanTally | undefined): void {
    const chunk = this.openChunk;
    // An end without its start (the start was dropped from a full ring) shows nothing, as a
    // taskEnd without its taskStart does.
    if (!chunk || chunk.pool !== record.primitive || chunk.firstTask !== record.a) return;
    const completed = record.b;
    const failed = record.c === CHUNK_FAILED;
    const ran = completed + (failed ? 1 : 0);
    if (completed < 0 || ran < 1 || ran > chunk.tasks) return;
    this.openChunk = undefined;
    const to = Math.max(record.time, chunk.from);
    // The span's first taskStart went out with its start; the rest and every taskEnd are here.
    if (!failed && tallyTasks?.(this.worker, chunk.pool, completed, asMillis(to), 2 * completed - 1)) return;
    const share = (to - chunk.from) / ran;
    const error = failed ? record.text : undefined;
    const { pool, fn } = chunk;
    const worker = this.worker;
    for (let i = 0; i < ran; i++) {
      const task = chunk.firstTask + i;
      const last = i === ran - 1;
      const at = asMillis(last ? to : chunk.from + (i + 1) * share);
      if (i > 0) emit({ t: 'taskStart', at: asMillis(chunk.from + i * share), worker, pool, task, fn });
      if (last && failed) emit({ t: 'taskEnd', at, worker, pool, task, ok: false, ...(error ? { error } : {}) });
      else emit({ t: 'taskEnd', at, worker, pool, task, ok: true });
    }
  }

  private decodeOne(record: RawRecord): TraceEvent | undefined {
    const at = asMillis(record.time);
    const worker = this.worker;
    switch (record.type) {
      case RecordType.primitiveCreate: {
        const text = record.text ?? '';
        const newline = text.indexOf('\n');
        const name = newline < 0 ? text : text.slice(0, newline);
        const site = newline < 0 ? undefined : decodeSite(text.slice(newline + 1));
        const kind = PRIMITIVE_KINDS[record.a];
        if (!kind) return undefined;
        return { t: 'primitiveCreate', at, worker, primitive: asPrimitiveId(record.primitive), kind, name, site };
      }
      case RecordType.waitBegin: {
        const wait = WAIT_KINDS[record.a];
        if (!wait) return undefined;
        return waitBeginEvent(at, worker, wait, record.primitive, record.b, decodeSite(record.text));
      }
      case RecordType.waitEnd: {
        const outcome = WAIT_OUTCOMES[record.a & 0xff];
        if (!outcome) return undefined;
        return waitEndEvent(at, worker, outcome, record.primitive, record.b, OP_KINDS[record.a >> 8], record.c);
      }
      case RecordType.op: {
        const op = OP_KINDS[record.a];
        if (!op) return undefined;
        const event: Writable<OpEvent> = { t: 'op', at, worker, primitive: asPrimitiveId(record.primitive), op, seq: record.b };
        const site = decodeSite(record.text);
        if (site) event.site = site;
        return event;
      }
      case RecordType.output: {
        const joined = this.pendingOutput + (record.text ?? '');
        if (record.c === OUTPUT_CONTINUES) {
          this.pendingOutput = joined;
          return undefined;
        }
        this.pendingOutput = '';
        const stream = record.b === 1 ? 'stderr' : 'stdout';
        const end = record.a === OUTPUT_HAS_SITE ? joined.indexOf(OUTPUT_SITE_END) : -1;
        const site = end >= 0 ? decodeSite(joined.slice(0, end)) : undefined;
        const text = end >= 0 ? joined.slice(end + OUTPUT_SITE_END.length) : joined;
        return { t: 'output', at, worker, stream, text, ...(site ? { site } : {}) };
      }
      case RecordType.taskStart: {
        const { fn, args } = record.b === TASK_ARG_INT32 ? { fn: record.text ?? '', args: `(${record.c})` } : splitTaskText(record.text);
        return { t: 'taskStart', at, worker, pool: asPrimitiveId(record.primitive), task: record.a, fn, ...(args ? { args } : {}) };
      }
      case RecordType.taskEnd: {
        const error = record.text;
        return {
          t: 'taskEnd',
          at,
          worker,
          pool: asPrimitiveId(record.primitive),
          task: record.a,
          ok: record.b === 1,
          ...(error ? { error } : {}),
        };
      }
      default:
        return undefined;
    }
  }
}

/** A task record's text, "fn\nargs preview", apart. */
function splitTaskText(text: string | undefined): { fn: string; args: string | undefined } {
  const whole = text ?? '';
  const newline = whole.indexOf('\n');
  return newline < 0 ? { fn: whole, args: undefined } : { fn: whole.slice(0, newline), args: whole.slice(newline + 1) };
}
