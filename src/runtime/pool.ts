/**
 * Python's multiprocessing.Pool on worker threads. Its workers are started by the host and
 * re-load the program (spawn semantics); tasks reach them through a shared-memory ring that
 * they take from without a round trip, and results come back through another. The owner (the
 * thread that made the pool) drains results whenever it touches the pool, while it waits on
 * it, and while its event loop is free.
 */
import { performance } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { EXIT_SEQ } from './arenaLayout';
import { AsyncResult, IMapIterator, MapResult, type Completion, type Job, type ResultCallbacks, type ResultSource } from './asyncResult';
import type { WorkerRequest } from './bootData';
import { normaliseTimeout, spinBudget } from './blocking';
import { captureUserSite } from './callSite';
import { ValueError } from './errors';
import { MessageRing } from './messageRing';
import { decodeResult, encodeTask, errorInfo, errorLine, previewArgs, type ErrorInfo } from './poolMessages';
import { POOL_CONTROL_WORDS, PoolControl, PoolState, RESULT_RING_BYTES, TASK_RING_BYTES } from './poolLayout';
import { SharedPrimitive, type PrimitiveOptions, type PrimitiveRef } from './primitive';
import { markBuffers } from './itemCodec';
import { toTransferable } from './sharing';
import { allocateWorkerId } from './threadContext';

/** Python's cpu_count(): the number of CPUs this process may use. */
export function cpuCount(): number {
  return availableParallelism();
}

type TaskFunction = (...args: never[]) => unknown;

export interface PoolOptions extends PrimitiveOptions {
  /** An exported function each worker calls once with `initargs` when it starts. */
  readonly initializer?: TaskFunction | null;
  /** Passed to `initializer`; shared primitives may go here (they are inherited). */
  readonly initargs?: readonly unknown[];
  /** A worker leaves after this many tasks (chunks) and a fresh one replaces it. */
  readonly maxtasksperchild?: number | null;
}

export class Pool extends SharedPrimitive implements ResultSource, Disposable {
  /** Number of worker processes. */
  readonly processes: number;
  private state: number = PoolState.running;
  private readonly tasks: MessageRing;
  private readonly results: MessageRing;
  private readonly control: Int32Array;
  private readonly jobs = new Map<number, Job>();
  private nextJob = 0;
  private nextTask = 0;
  /** Encoded chunks that did not fit the task ring yet, oldest first. */
  private backlog: Uint8Array[] = [];
  private backlogHead = 0;
  private callbackPumpArmed = false;

  constructor(processes?: number | null, options: PoolOptions = {}) {
    super('pool', 'Pool', options);
    const count = processes ?? cpuCount();
    if (!Number.isInteger(count) || count < 1) throw new ValueError('Number of processes must be at least 1');
    const { initializer, initargs = [], maxtasksperchild } = options;
    if (maxtasksperchild != null && !(Number.isInteger(maxtasksperchild) && maxtasksperchild > 0)) {
      throw new ValueError('maxtasksperchild must be a positive int or null');
    }
    if (initializer != null && typeof initializer !== 'function') throw new TypeError('initializer must be a callable');
    if (initializer && !initializer.name) throw anonymous('initializer');
    this.processes = count;
    const taskBuffer = MessageRing.create(TASK_RING_BYTES);
    const resultBuffer = MessageRing.create(RESULT_RING_BYTES);
    const controlBuffer = new SharedArrayBuffer(POOL_CONTROL_WORDS * 4);
    this.tasks = new MessageRing(taskBuffer, { producers: false, consumers: true });
    this.results = new MessageRing(resultBuffer, { producers: true, consumers: false });
    this.control = new Int32Array(controlBuffer);
    Atomics.store(this.control, PoolControl.liveWorkers, count);
    const workerIds = Array.from({ length: count }, () => allocateWorkerId(this.ctx.arena));
    const request: WorkerRequest = {
      type: 'poolSpawn',
      workerIds,
      pool: {
        id: this.id,
        tasks: taskBuffer,
        results: resultBuffer,
        control: controlBuffer,
        ...(initializer ? { initializer: initializer.name } : {}),
        ...(maxtasksperchild != null ? { maxTasksPerChild: maxtasksperchild } : {}),
      },
      initargs: initargs.map((arg, index) => toTransferable(arg, `initargs[${index}]`, 'inheritance')),
    };
    this.ctx.tracer.op('start', this.id, this.ctx.tracer.nextOpSeq());
    hostPort().postMessage(request);
    livePools.add(this);
  }

  get kind(): 'pool' {
    return 'pool';
  }

  /** Python's `with Pool(n) as pool:` — runs `body`, then terminates the pool however it ends. */
  static with<T>(processes: number | null | undefined, body: (pool: Pool) => T, options?: PoolOptions): T {
    const pool = new Pool(processes, options);
    let result: T;
    try {
      result = body(pool);
    } catch (error) {
      pool.terminate();
      throw error;
    }
    if (result instanceof Promise) return result.finally(() => pool.terminate()) as T;
    pool.terminate();
    return result;
  }

  /** `using pool = new Pool(2)`: terminates on scope exit, as `with` does in Python. */
  [Symbol.dispose](): void {
    this.terminate();
  }

  // ---- submitting ---------------------------------------------------------------------------

  /** Calls `fn(...args)` in a worker and blocks for its result. */
  apply<A extends unknown[], R>(fn: (...args: A) => R, args?: A): Awaited<R> {
    return this.applyAsync(fn, args).get();
  }

  applyAsync<A extends unknown[], R>(fn: (...args: A) => R, args?: A, callbacks: ResultCallbacks<Awaited<R>> = {}): AsyncResult<Awaited<R>> {
    this.checkRunning();
    const result = new AsyncResult<Awaited<R>>(this, callbacks);
    this.submitJob(result, fn, true, [args ?? []], 1);
    return result;
  }

  /** Blocks for `[fn(x) for x in iterable]`, sent in chunks (Python's default chunk size). */
  map<T, R>(fn: (item: T) => R, iterable: Iterable<T>, chunksize?: number | null): Awaited<R>[] {
    return this.mapAsync(fn, iterable, chunksize).get();
  }

  mapAsync<T, R>(fn: (item: T) => R, iterable: Iterable<T>, chunksize?: number | null, callbacks: ResultCallbacks<Awaited<R>[]> = {}): AsyncResult<Awaited<R>[]> {
    return this.mapJob(fn, iterable, chunksize, callbacks, false);
  }

  /** Like map, with each item an argument list: `fn(...item)`. */
  starmap<A extends unknown[], R>(fn: (...args: A) => R, iterable: Iterable<A>, chunksize?: number | null): Awaited<R>[] {
    return this.starmapAsync(fn, iterable, chunksize).get();
  }

  starmapAsync<A extends unknown[], R>(fn: (...args: A) => R, iterable: Iterable<A>, chunksize?: number | null, callbacks: ResultCallbacks<Awaited<R>[]> = {}): AsyncResult<Awaited<R>[]> {
    return this.mapJob(fn, iterable, chunksize, callbacks, true);
  }

  /** Results in order, each as soon as it and those before it are ready. */
  imap<T, R>(fn: (item: T) => R, iterable: Iterable<T>, chunksize = 1): IMapIterator<Awaited<R>> {
    return this.imapJob(fn, iterable, chunksize, true);
  }

  /** Results in the order tasks finish. */
  imapUnordered<T, R>(fn: (item: T) => R, iterable: Iterable<T>, chunksize = 1): IMapIterator<Awaited<R>> {
    return this.imapJob(fn, iterable, chunksize, false);
  }

  private mapJob<R>(fn: TaskFunction, iterable: Iterable<unknown>, chunksize: number | null | undefined, callbacks: ResultCallbacks<R[]>, star: boolean): AsyncResult<R[]> {
    this.checkRunning();
    const items = Array.from(iterable);
    const size = chunksize ?? defaultChunksize(items.length, this.processes);
    checkChunksize(size);
    const result = new MapResult<R>(this, callbacks, items.length, size);
    this.submitJob(result, fn, star, items, size);
    return result;
  }

  private imapJob<R>(fn: TaskFunction, iterable: Iterable<unknown>, chunksize: number, ordered: boolean): IMapIterator<R> {
    this.checkRunning();
    checkChunksize(chunksize);
    const items = Array.from(iterable);
    const iterator = new IMapIterator<R>(this, Math.ceil(items.length / chunksize), ordered);
    this.submitJob(iterator, fn, false, items, chunksize);
    return iterator;
  }

  private submitJob(job: Job, fn: TaskFunction, star: boolean, items: readonly unknown[], chunksize: number): void {
    const jobId = this.nextJob++;
    this.jobs.set(jobId, job);
    const fnError = typeof fn !== 'function' ? new TypeError(`'${typeof fn}' object is not callable`) : fn.name ? undefined : anonymous('the task function');
    const fnName = fnError ? '<anonymous>' : fn.name;
    let written = 0;
    for (let chunk = 0, start = 0; start < items.length; chunk++, start += chunksize) {
      if (!this.submitChunk(job, jobId, chunk, fnName, fnError, star, items.slice(start, start + chunksize))) continue;
      written++;
      // Each of the first chunks wakes a worker as soon as it is submitted: encoding the rest of
      // a big map takes the owner milliseconds, which the workers would otherwise sit out.
      if (written <= this.processes) this.wakeWorkers(written);
    }
    if (written > this.processes) this.wakeWorkers(written);
    if (job.isSettled()) this.jobs.delete(jobId);
    else if (job.hasCallbacks) this.armCallbackPump();
  }

  /** False when the chunk failed before leaving (it is then settled as failed, as Python does). */
  private submitChunk(job: Job, jobId: number, chunk: number, fn: string, fnError: Error | undefined, star: boolean, items: unknown[]): boolean {
    const firstTask = this.nextTask;
    this.nextTask += items.length;
    let payload: Uint8Array;
    try {
      if (fnError) throw fnError;
      const sendable = sendableItems(items, firstTask, star);
      payload = encodeTask({ job: jobId, chunk, firstTask, fn, star, items: sendable, submitSeq: 0 });
      if (payload.length > this.tasks.maxMessageBytes) {
        throw new ValueError(`a task chunk of ${payload.length} bytes is larger than the pool's task ring (${this.tasks.maxMessageBytes} bytes): pass less data per task, or a smaller chunksize`);
      }
    } catch (error) {
      // Python's task handler catches what cannot be sent and fails the task's result with it:
      // the call itself does not throw. The trace records each task as failed, here.
      const info = errorInfo(error);
      const { tracer } = this.ctx;
      for (let i = 0; i < items.length; i++) {
        tracer.taskStart(this.id, firstTask + i, fn, previewArgs(star ? ((items[i] as unknown[]) ?? []) : [items[i]]));
        tracer.taskEnd(this.id, firstTask + i, false, errorLine(info));
      }
      job.settleChunk(chunk, false, info, undefined);
      return false;
    }
    if (this.backlogHead < this.backlog.length || !this.tasks.tryWrite(payload)) {
      // The encoder reuses its buffer: keep a copy.
      this.backlog.push(payload.slice());
      Atomics.store(this.control, PoolControl.wantsRoom, 1);
    }
    return true;
  }

  // ---- draining results ---------------------------------------------------------------------

  /** Moves waiting chunks into the ring, settles every result that has come back. */
  poll(): void {
    if (this.backlogHead < this.backlog.length) this.feedBacklog();
    for (let message = this.results.tryRead(); message; message = this.results.tryRead()) {
      const result = decodeResult(message);
      const job = this.jobs.get(result.job);
      if (!job) continue;
      job.settleChunk(result.chunk, result.ok, result.value as readonly unknown[] | ErrorInfo, { worker: result.worker, op: 'complete', seq: result.seq });
      if (job.isSettled()) this.jobs.delete(result.job);
    }
  }

  private feedBacklog(): void {
    let written = 0;
    while (this.backlogHead < this.backlog.length && this.tasks.tryWrite(this.backlog[this.backlogHead]!)) {
      this.backlog[this.backlogHead++] = EMPTY;
      written++;
    }
    if (this.backlogHead === this.backlog.length) {
      this.backlog = [];
      this.backlogHead = 0;
      Atomics.store(this.control, PoolControl.wantsRoom, 0);
      if (this.state === PoolState.closed) this.tasks.close();
    }
    if (written > 0) this.wakeWorkers(written);
  }

  /** Wakes idle workers for `count` new chunks; the op names this thread as their waker. */
  private wakeWorkers(count: number): void {
    if (!this.tasks.hasIdleConsumers()) return;
    const { tracer } = this.ctx;
    const seq = tracer.nextOpSeq();
    tracer.op('submit', this.id, seq);
    Atomics.store(this.control, PoolControl.lastSubmit, seq);
    this.tasks.wakeConsumers(count);
  }

  waitFor(done: () => boolean, timeoutMs: number | null | undefined, cause: () => Completion | undefined, kind: 'result' | 'poolJoin' = 'result'): boolean {
    this.poll();
    if (done()) return true;
    const timeout = normaliseTimeout(timeoutMs);
    if (timeout === 0) return false;
    const control = this.control;
    // A worker is usually mid-task: spin briefly (untraced, like a lock's fast path) before
    // paying for a stack capture and a park, each of which costs more than a short task. Not
    // for a join: workers take milliseconds to end, and the join is a wait to show.
    const spinMs = kind === 'poolJoin' ? 0 : Math.min(spinBudget(SPIN_MS), timeout ?? SPIN_MS);
    const spinUntil = performance.now() + spinMs;
    for (let rung = Atomics.load(control, PoolControl.doorbell), i = 1; spinMs > 0; i++) {
      if (Atomics.load(control, PoolControl.doorbell) !== rung) {
        rung = Atomics.load(control, PoolControl.doorbell);
        this.poll();
        if (done()) return true;
      }
      if ((i & 63) === 0 && performance.now() >= spinUntil) break;
    }
    const { tracer } = this.ctx;
    // Every traced result wait carries its site (the panel points at the get() that waits).
    tracer.waitBegin(kind, this.id, timeout, captureUserSite());
    const deadline = timeout === undefined ? Infinity : performance.now() + timeout;
    for (;;) {
      // Observed before draining: a doorbell rung after this load makes the wait below return.
      const rung = Atomics.load(control, PoolControl.doorbell);
      this.poll();
      if (done()) {
        const by = cause();
        if (by) tracer.waitEnd('woken', this.id, by.worker, by.op, by.seq);
        else tracer.waitEnd('immediate', this.id);
        return true;
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        tracer.waitEnd('timeout', this.id);
        return false;
      }
      Atomics.add(control, PoolControl.ownerWaiting, 1);
      Atomics.wait(control, PoolControl.doorbell, rung, remaining === Infinity ? undefined : remaining);
      Atomics.sub(control, PoolControl.ownerWaiting, 1);
    }
  }

  async waitForAsync(done: () => boolean, timeoutMs: number | null | undefined, cause: () => Completion | undefined, kind: 'result' | 'poolJoin' = 'result'): Promise<boolean> {
    this.poll();
    if (done()) return true;
    const timeout = normaliseTimeout(timeoutMs);
    const { tracer } = this.ctx;
    const control = this.control;
    tracer.waitBegin(kind, this.id, timeout, captureUserSite());
    const deadline = timeout === undefined ? Infinity : performance.now() + timeout;
    // Atomics.waitAsync does not keep a thread alive: this timer does, while someone awaits.
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      for (;;) {
        const rung = Atomics.load(control, PoolControl.doorbell);
        this.poll();
        if (done()) {
          const by = cause();
          if (by) tracer.waitEnd('woken', this.id, by.worker, by.op, by.seq);
          else tracer.waitEnd('immediate', this.id);
          return true;
        }
        const remaining = deadline - performance.now();
        // A terminated pool settles no more results; its workers still end, for a join.
        if (remaining <= 0 || (kind === 'result' && this.state === PoolState.terminated)) {
          tracer.waitEnd('timeout', this.id);
          return false;
        }
        Atomics.add(control, PoolControl.ownerWaiting, 1);
        const parked = Atomics.waitAsync(control, PoolControl.doorbell, rung, remaining === Infinity ? undefined : remaining);
        if (parked.async) await parked.value;
        Atomics.sub(control, PoolControl.ownerWaiting, 1);
      }
    } finally {
      clearInterval(keepAlive);
    }
  }

  /**
   * Callbacks run on this thread: while it uses or waits on the pool, and, through this pump,
   * whenever its event loop is free. The pump does not keep the thread alive.
   */
  private armCallbackPump(): void {
    if (this.callbackPumpArmed) return;
    this.callbackPumpArmed = true;
    const control = this.control;
    const loop = (): void => {
      const rung = Atomics.load(control, PoolControl.doorbell);
      this.poll();
      if (this.state === PoolState.terminated || ![...this.jobs.values()].some((job) => job.hasCallbacks)) {
        this.callbackPumpArmed = false;
        return;
      }
      Atomics.add(control, PoolControl.ownerWaiting, 1);
      const parked = Atomics.waitAsync(control, PoolControl.doorbell, rung);
      const resume = () => {
        Atomics.sub(control, PoolControl.ownerWaiting, 1);
        loop();
      };
      if (parked.async) void parked.value.then(resume);
      else resume();
    };
    // Not now: the caller is still inside applyAsync; Python's handler thread runs "soon".
    setImmediate(loop).unref();
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** No more tasks; the workers leave once the queued ones are done. */
  close(): void {
    if (this.state !== PoolState.running) return;
    this.state = PoolState.closed;
    Atomics.store(this.control, PoolControl.state, PoolState.closed);
    this.ctx.tracer.op('close', this.id, this.ctx.tracer.nextOpSeq());
    if (this.backlogHead < this.backlog.length) this.feedBacklog();
    else this.tasks.close();
  }

  /** Stops the workers now, without finishing outstanding work; waits until they have ended. */
  terminate(): void {
    if (this.state === PoolState.terminated) return;
    this.state = PoolState.terminated;
    livePools.delete(this);
    Atomics.store(this.control, PoolControl.state, PoolState.terminated);
    this.ctx.tracer.op('terminate', this.id, this.ctx.tracer.nextOpSeq());
    this.backlog = [];
    this.backlogHead = 0;
    this.tasks.close();
    hostPort().postMessage({ type: 'poolTerminate', pool: this.id } satisfies WorkerRequest);
    this.waitForWorkers(undefined);
    // Releases any async wait parked on the doorbell.
    Atomics.add(this.control, PoolControl.doorbell, 1);
    Atomics.notify(this.control, PoolControl.doorbell);
  }

  /** Waits for the workers to end; only after close() or terminate(), as Python asserts. */
  join(): void {
    if (this.state === PoolState.running) throw new ValueError('Pool is still running');
    this.waitForWorkers(undefined);
  }

  /** The promise form of join(), for async code. */
  async joinAsync(): Promise<void> {
    if (this.state === PoolState.running) throw new ValueError('Pool is still running');
    await this.waitForAsync(this.workersGone, undefined, this.lastWorkerExit, 'poolJoin');
  }

  private waitForWorkers(timeoutMs: number | undefined): boolean {
    return this.waitFor(this.workersGone, timeoutMs, this.lastWorkerExit, 'poolJoin');
  }

  private readonly workersGone = (): boolean => Atomics.load(this.control, PoolControl.liveWorkers) === 0;

  private readonly lastWorkerExit = (): Completion => ({ worker: Atomics.load(this.control, PoolControl.lastExit), op: 'exit', seq: EXIT_SEQ });

  private checkRunning(): void {
    if (this.state !== PoolState.running) throw new ValueError('Pool not running');
  }

  /** Python: "pool objects cannot be passed between processes or pickled". */
  override toReference(): PrimitiveRef {
    throw new TypeError(
      `Pool objects cannot be passed between processes or pickled ('${this.name}'): ` +
        'only the worker that made a pool may give it tasks.',
    );
  }
}

const EMPTY = new Uint8Array(0);

/**
 * The chunk's items as they can be sent. Manager proxies of lists, queues and arrays carry a
 * SharedArrayBuffer: sent by id (itemCodec.ts). Numbers and strings, the usual items, go as
 * they are: the array itself when it holds nothing else, with no walk and no label per item.
 */
function sendableItems(items: unknown[], firstTask: number, star: boolean): unknown[] {
  let i = 0;
  while (i < items.length && !needsConverting(items[i])) i++;
  if (i === items.length) return items;
  const sendable = items.slice();
  for (; i < items.length; i++) {
    const item = items[i];
    if (needsConverting(item)) sendable[i] = markBuffers(toTransferable(item, star ? `task ${firstTask + i} args` : `task ${firstTask + i} args[0]`, 'task'));
  }
  return sendable;
}

/** An object or a function: what toTransferable and markBuffers may replace (anything else they return as it is). */
function needsConverting(value: unknown): boolean {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** How long an owner spins for a result before parking. */
const SPIN_MS = 0.05;

/** Python's map default: about four chunks per worker. */
function defaultChunksize(length: number, processes: number): number {
  if (length === 0) return 1;
  return Math.ceil(length / (processes * 4));
}

function checkChunksize(chunksize: number): void {
  if (!Number.isInteger(chunksize) || chunksize < 1) throw new ValueError(`Chunksize must be 1+, not ${chunksize}`);
}

function anonymous(what: string): TypeError {
  return new TypeError(
    `${what} is an anonymous function. Pool workers re-load the module and find functions by name, ` +
      'so it must be a named function exported at module level (export function task() {…}).',
  );
}

/** Pools this worker made and has not terminated: Python's exit function terminates them. */
const livePools = new Set<Pool>();

export function terminateLivePools(): void {
  for (const pool of livePools) pool.terminate();
}

function hostPort(): NonNullable<typeof parentPort> {
  if (!parentPort) throw new Error('Threadline: pools can only be created inside a Threadline run');
  return parentPort;
}
