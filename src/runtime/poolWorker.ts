/**
 * A pool worker's life after the program module has loaded: run the initializer, then take
 * task chunks from the pool's ring until it is closed (or maxtasksperchild chunks are done),
 * writing one result per chunk. Every task is traced, failed ones too: a chunk of one as its
 * task, a longer chunk as spans of tasks (see ChunkTrace).
 */
import { MAX_CHUNK_SPAN_TASKS } from '../model/records';
import { notifyParked, spinBudget } from './blocking';
import { restoreBuffers } from './itemCodec';
import { MessageRing } from './messageRing';
import { decodeTask, encodeResult, errorInfo, errorLine, previewArgs, type ErrorInfo, type TaskChunk } from './poolMessages';
import { PoolControl, PoolState } from './poolLayout';
import { fromTransferable } from './sharing';
import { threadContext } from './threadContext';
import type { Tracer } from './tracer';

/**
 * How long the one idle spinner of a pool (see MessageRing.takeAsSpinner) may wait for the
 * next task before parking: longer than the owner takes from one result to its next submit.
 * No spin right after this worker woke the owner (see spinBudget): the owner then needs the
 * CPU more than we need to spin.
 */
const IDLE_SPIN_MS = 0.05;

/** Not public API: called by the worker bootstrap for role 'poolWorker'. */
export async function __runPoolWorker(program: Record<string, unknown>, initargs: readonly unknown[]): Promise<void> {
  const { boot, tracer, workerId } = threadContext();
  const pool = boot.pool;
  if (!pool) throw new Error('Threadline: a pool worker started without its pool');
  const tasks = new MessageRing(pool.tasks, { producers: false, consumers: true });
  const results = new MessageRing(pool.results, { producers: true, consumers: false });
  const control = new Int32Array(pool.control);
  const file = decodeURIComponent(new URL(boot.moduleUrl).pathname);
  const poolId = pool.id;

  const ringOwner = (): void => {
    Atomics.add(control, PoolControl.doorbell, 1);
    if (Atomics.load(control, PoolControl.ownerWaiting) > 0) notifyParked(control, PoolControl.doorbell);
  };

  // terminate(): the host ends this thread (exit code -15, as SIGTERM in Python). The ring is
  // closed too, which wakes us: leaving on our own first would end with 0, and take the tasks
  // still queued with us, which terminate drops.
  const awaitTerminationIfTerminated = (): void => {
    while (Atomics.load(control, PoolControl.state) === PoolState.terminated) Atomics.wait(control, PoolControl.state, PoolState.terminated);
  };

  const take = (): Uint8Array | undefined => {
    awaitTerminationIfTerminated();
    const ready = tasks.tryRead() ?? tasks.takeAsSpinner(spinBudget(IDLE_SPIN_MS));
    if (ready) return ready;
    if (tasks.isClosed() && tasks.isEmpty()) return undefined;
    // Idle in the pool: shown as waiting on it until the owner submits.
    tracer.waitBegin('get', poolId, undefined, undefined);
    for (;;) {
      // Idle is announced before the bell is read and the ring checked: a write after the
      // check then rings the bell, and the park returns at once.
      const bell = tasks.enterIdle();
      const message = tasks.tryRead();
      if (message) {
        tasks.leaveIdle();
        const seq = Atomics.load(control, PoolControl.lastSubmit);
        if (seq > 0 && boot.parentId !== undefined) tracer.waitEnd('woken', poolId, boot.parentId, 'submit', seq);
        else tracer.waitEnd('woken', poolId);
        return message;
      }
      if (tasks.isClosed()) {
        tasks.leaveIdle();
        awaitTerminationIfTerminated();
        tracer.waitEnd('immediate', poolId);
        return undefined;
      }
      tasks.park(bell);
      tasks.leaveIdle();
    }
  };

  if (pool.initializer) {
    const initializer = lookUp(program, pool.initializer, file, 'initializer');
    if (initializer instanceof Error) throw initializer;
    await initializer(...initargs);
  }

  const limit = pool.maxTasksPerChild ?? Infinity;
  for (let served = 0; served < limit; served++) {
    const message = take();
    if (!message) return;
    if (Atomics.load(control, PoolControl.wantsRoom) === 1) ringOwner();
    const chunk = decodeTask(message);
    const fn = lookUp(program, chunk.fn, file, 'task function');
    const trace = new ChunkTrace(tracer, poolId, chunk);
    const { values, failure } = await runChunk(chunk, fn, trace);
    let payload: Uint8Array;
    const seq = tracer.nextOpSeq();
    try {
      payload = encodeResult({ job: chunk.job, chunk: chunk.chunk, ok: !failure, value: failure ?? values, worker: workerId, seq });
    } catch (error) {
      const reason = errorInfo(error);
      const info: ErrorInfo = {
        name: 'MaybeEncodingError',
        message: `Error sending result of ${chunk.fn}: the value cannot be sent to another worker. Reason: ${reason.message}`,
        stack: `MaybeEncodingError: Error sending result of ${chunk.fn}. Reason: ${reason.stack}`,
      };
      payload = encodeResult({ job: chunk.job, chunk: chunk.chunk, ok: false, value: info, worker: workerId, seq });
    }
    trace.handedOn(seq);
    results.writeBlocking(payload, ringOwner);
    ringOwner();
  }
}

type Callable = (...args: unknown[]) => unknown;

interface ChunkOutcome {
  readonly values: unknown[];
  /** The first task that threw: as Python's mapstar, the chunk stops there and this is its result. */
  readonly failure: ErrorInfo | undefined;
}

/**
 * Runs a chunk's tasks span by span: per task only what a task needs (an item restored only
 * when it is an object, the call, a thenable check), the tracing at span edges.
 */
async function runChunk(chunk: TaskChunk, fn: Callable | Error, trace: ChunkTrace): Promise<ChunkOutcome> {
  const { items, star, firstTask } = chunk;
  const call: Callable = fn instanceof Error ? () => { throw fn; } : fn;
  const values: unknown[] = [];
  for (let first = 0; first < items.length; ) {
    const end = Math.min(items.length, first + trace.spanTasks);
    for (let i = first; i < end; i++) {
      const raw = items[i];
      // Numbers and strings, the usual items, have nothing to restore: no walk, no label string.
      const item = typeof raw === 'object' && raw !== null ? fromTransferable(restoreBuffers(raw, `task ${firstTask + i}'s arguments`)) : raw;
      if (i === first) trace.started(first, end, item);
      let value: unknown;
      try {
        value = star ? call(...(item as unknown[])) : call(item);
        if (isThenable(value)) value = await value;
      } catch (error) {
        const failure = errorInfo(error);
        trace.failed(first, i, failure);
        return { values, failure };
      }
      values.push(value);
    }
    trace.completed(first, end);
    first = end;
  }
  return { values, failure: undefined };
}

/**
 * How a chunk's tasks are traced: a chunk of one task (apply, imap's default) as that task,
 * with its own times; a longer one as spans of up to MAX_CHUNK_SPAN_TASKS tasks with one record
 * at each end (the decoder shares a span's time among its tasks), so a tiny task does not pay
 * two clock reads and an args preview for its trace.
 */
class ChunkTrace {
  private readonly enabled: boolean;
  private readonly alone: boolean;
  /** How many tasks one span covers. */
  readonly spanTasks: number;
  /**
   * A chunk of one task: when it ended, and how, held until its result is handed on, so that
   * one record says both (a 100 k-task map at chunksize 1 makes a third fewer records).
   */
  private endedAt = Number.NaN;
  private endedOk = true;
  private endedError: string | undefined;

  constructor(
    private readonly tracer: Tracer,
    private readonly pool: number,
    private readonly chunk: TaskChunk,
  ) {
    this.enabled = tracer.enabled;
    this.alone = chunk.items.length === 1;
    this.spanTasks = this.alone ? 1 : MAX_CHUNK_SPAN_TASKS;
  }

  /** The span [first, end) starts, its first task with `item` (its argument, or starmap's argument list). */
  started(first: number, end: number, item: unknown): void {
    if (!this.enabled) return;
    const { chunk } = this;
    if (this.alone && !chunk.star && typeof item === 'number' && (item | 0) === item) return this.tracer.taskStartWithInt(this.pool, chunk.firstTask, chunk.fn, item);
    const preview = previewArgs(chunk.star ? (item as unknown[]) : [item]);
    if (this.alone) this.tracer.taskStart(this.pool, chunk.firstTask, chunk.fn, preview);
    else this.tracer.chunkStart(this.pool, chunk.firstTask + first, end - first, chunk.fn, preview);
  }

  /** Every task of the span [first, end) ran ok. */
  completed(first: number, end: number): void {
    if (!this.enabled) return;
    if (this.alone) this.endedAt = this.tracer.now();
    else this.tracer.chunkEnd(this.pool, this.chunk.firstTask + first, end - first);
  }

  /** Task `failedAt` of the span from `first` failed: it ends the chunk. */
  failed(first: number, failedAt: number, failure: ErrorInfo): void {
    if (!this.enabled) return;
    if (this.alone) {
      this.endedAt = this.tracer.now();
      this.endedOk = false;
      this.endedError = errorLine(failure);
    } else this.tracer.chunkEnd(this.pool, this.chunk.firstTask + first, failedAt - first, errorLine(failure));
  }

  /** The chunk's result goes to the owner, by the pool's `complete` op `seq`. */
  handedOn(seq: number): void {
    if (this.alone && !Number.isNaN(this.endedAt)) this.tracer.taskEnd(this.pool, this.chunk.firstTask, this.endedOk, this.endedError, seq, this.endedAt);
    else this.tracer.op('complete', this.pool, seq);
  }
}

function lookUp(program: Record<string, unknown>, name: string, file: string, what: string): Callable | Error {
  const fn = program[name];
  if (typeof fn === 'function') return fn as Callable;
  const error = new Error(
    `Can't get attribute '${name}' on the program module ${file}. Pool workers re-load the program and look ` +
      `the ${what} up by name: export it at module level (export function ${name}(…) { … }).`,
  );
  error.name = 'AttributeError';
  return error;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
