/**
 * Python's AsyncResult (apply_async / map_async) and the iterators of imap / imap_unordered.
 * Results reach the owner only when it drains the result ring, which every method here does
 * (without blocking) before looking, so polling `ready()` works as in Python.
 */
import type { OpKind } from '../model/trace';
import { TimeoutError, ValueError } from './errors';
import { rebuildError, type ErrorInfo } from './poolMessages';

/** The operation that made a result ready: the wake cause a waiter records. */
export interface Completion {
  readonly worker: number;
  readonly op: OpKind;
  readonly seq: number;
}

/** What results need from their pool (implemented by Pool). */
export interface ResultSource {
  /** Drains the result ring without blocking. */
  poll(): void;
  /** Blocks until `done()` or the timeout; false on timeout. Traced as a 'result' wait. */
  waitFor(done: () => boolean, timeoutMs: number | null | undefined, cause: () => Completion | undefined): boolean;
  /** The same without blocking the thread. */
  waitForAsync(done: () => boolean, timeoutMs: number | null | undefined, cause: () => Completion | undefined): Promise<boolean>;
}

export interface ResultCallbacks<T> {
  /** Called with the result when it is ready and successful (on the pool's owner thread). */
  readonly callback?: (value: T) => void;
  /** Called with the error when the task failed. */
  readonly errorCallback?: (error: Error) => void;
}

/** Where results of one job arrive: one call per chunk. */
export interface Job {
  readonly hasCallbacks: boolean;
  settleChunk(chunk: number, ok: boolean, value: readonly unknown[] | ErrorInfo, cause: Completion | undefined): void;
  /** True once the job needs nothing more from the pool. */
  isSettled(): boolean;
}

/** Python's multiprocessing.pool.AsyncResult. */
export class AsyncResult<T = unknown> implements Job {
  protected settled = false;
  protected ok = true;
  protected value: unknown;
  protected cause: Completion | undefined;
  private promiseForm: Promise<T> | undefined;
  private settlePromise: (() => void) | undefined;

  constructor(
    protected readonly source: ResultSource,
    private readonly callbacks: ResultCallbacks<T> = {},
  ) {}

  get hasCallbacks(): boolean {
    return this.callbacks.callback !== undefined || this.callbacks.errorCallback !== undefined;
  }

  /** Whether the call has completed. */
  ready(): boolean {
    if (!this.settled) this.source.poll();
    return this.settled;
  }

  /** Whether the call completed without raising; ValueError when it is not ready, as Python. */
  successful(): boolean {
    if (!this.ready()) throw new ValueError(`${this.constructor.name} not ready`);
    return this.ok;
  }

  /**
   * Blocks until the result is ready or `timeoutMs` passes. Python returns None; this returns
   * whether it is ready, which `ready()` would also tell.
   */
  wait(timeoutMs?: number | null): boolean {
    return this.settled || this.source.waitFor(() => this.settled, timeoutMs, () => this.cause);
  }

  /** The result; re-throws the task's error (its stack is the worker's); TimeoutError on timeout. */
  get(timeoutMs?: number | null): T {
    if (!this.wait(timeoutMs)) throw new TimeoutError();
    if (!this.ok) throw this.value as Error;
    return this.value as T;
  }

  /** The promise form for async code: `await result.promise` resolves like `get()`. */
  get promise(): Promise<T> {
    this.promiseForm ??= new Promise<T>((resolve, reject) => {
      const settle = () => (this.ok ? resolve(this.value as T) : reject(this.value as Error));
      if (this.settled) settle();
      else {
        this.settlePromise = settle;
        // Keeps the owner draining results while its thread is free (see Pool.waitForAsync).
        void this.source.waitForAsync(() => this.settled, undefined, () => this.cause);
      }
    });
    return this.promiseForm;
  }

  isSettled(): boolean {
    return this.settled;
  }

  settleChunk(_chunk: number, ok: boolean, value: readonly unknown[] | ErrorInfo, cause: Completion | undefined): void {
    this.finish(ok, ok ? (value as readonly unknown[])[0] : rebuildError(value as ErrorInfo), cause);
  }

  protected finish(ok: boolean, value: unknown, cause: Completion | undefined): void {
    this.ok = ok;
    this.value = value;
    this.cause = cause;
    this.settled = true;
    const { callback, errorCallback } = this.callbacks;
    try {
      if (ok) callback?.(value as T);
      else errorCallback?.(value as Error);
    } catch (error) {
      // Python's result-handler thread would die with this traceback; here it is reported and
      // the pool goes on.
      console.error(`Exception in a pool ${ok ? 'callback' : 'errorCallback'}:\n${error instanceof Error ? error.stack : String(error)}`);
    }
    this.settlePromise?.();
  }
}

/** map_async / starmap_async: one AsyncResult over many chunks, ready when all have come back. */
export class MapResult<T = unknown> extends AsyncResult<T[]> {
  /** Each chunk's values as they came back, put together in order once the last is in. */
  private readonly chunkValues: (readonly T[] | undefined)[] = [];
  private left: number;
  private firstError: Error | undefined;

  constructor(source: ResultSource, callbacks: ResultCallbacks<T[]>, length: number, chunksize: number) {
    super(source, callbacks);
    this.left = length === 0 ? 0 : Math.ceil(length / chunksize);
    if (this.left === 0) this.finish(true, [], undefined);
  }

  override settleChunk(chunk: number, ok: boolean, value: readonly unknown[] | ErrorInfo, cause: Completion | undefined): void {
    if (ok && !this.firstError) this.chunkValues[chunk] = value as readonly T[];
    else if (!ok && !this.firstError) {
      // Python keeps the first error only, and is ready only once every chunk is back.
      this.firstError = rebuildError(value as ErrorInfo);
      this.chunkValues.length = 0;
    }
    if (--this.left === 0) this.finish(!this.firstError, this.firstError ?? this.joined(), cause);
  }

  // Joined by concat (native: no JS loop over the items, which on a first big map is not yet
  // optimised), a group of chunks at a time so that no call has too many arguments. Not written
  // by index into new Array(length): past about 100 k elements that is a slow dictionary.
  private joined(): T[] {
    const chunks = this.chunkValues as (readonly T[])[];
    const groups: T[][] = [];
    for (let first = 0; first < chunks.length; first += CONCAT_GROUP) groups.push(([] as T[]).concat(...chunks.slice(first, first + CONCAT_GROUP)));
    return groups.length === 1 ? groups[0]! : ([] as T[]).concat(...groups);
  }
}

const CONCAT_GROUP = 4096;

interface ChunkOutcome {
  readonly ok: boolean;
  readonly values: readonly unknown[];
  readonly error: Error | undefined;
  readonly cause: Completion | undefined;
}

/**
 * imap / imap_unordered: an iterator that blocks for the next result (`next(timeoutMs)` throws
 * TimeoutError, as Python's `next(timeout)`), and an async iterator for `for await`.
 */
export class IMapIterator<T = unknown> implements Job, IterableIterator<T>, AsyncIterable<T> {
  readonly hasCallbacks = false;
  /** Ordered: outcomes by chunk. Unordered: outcomes in arrival order. */
  private readonly outcomes: (ChunkOutcome | undefined)[] = [];
  private arrived = 0;
  private chunkCursor = 0;
  private itemCursor = 0;
  private lastCause: Completion | undefined;

  constructor(
    private readonly source: ResultSource,
    private readonly chunks: number,
    private readonly ordered: boolean,
  ) {}

  isSettled(): boolean {
    return this.arrived === this.chunks;
  }

  settleChunk(chunk: number, ok: boolean, value: readonly unknown[] | ErrorInfo, cause: Completion | undefined): void {
    const outcome: ChunkOutcome = ok
      ? { ok, values: value as readonly unknown[], error: undefined, cause }
      : { ok, values: [], error: rebuildError(value as ErrorInfo), cause };
    if (this.ordered) this.outcomes[chunk] = outcome;
    else this.outcomes.push(outcome);
    this.arrived++;
  }

  /** Whether next() can return without waiting. */
  private hasNext(): boolean {
    return this.chunkCursor >= this.chunks || this.outcomes[this.chunkCursor] !== undefined;
  }

  next(timeoutMs?: number | null): IteratorResult<T> {
    for (;;) {
      if (this.chunkCursor >= this.chunks) return { done: true, value: undefined };
      const outcome = this.outcomes[this.chunkCursor];
      if (outcome === undefined) {
        this.source.poll();
        if (this.outcomes[this.chunkCursor] === undefined && !this.source.waitFor(() => this.hasNext(), timeoutMs, () => this.causeOfNext())) {
          throw new TimeoutError();
        }
        continue;
      }
      this.lastCause = outcome.cause;
      if (!outcome.ok) {
        this.advanceChunk();
        throw outcome.error;
      }
      if (this.itemCursor >= outcome.values.length) {
        this.advanceChunk();
        continue;
      }
      return { done: false, value: outcome.values[this.itemCursor++] as T };
    }
  }

  [Symbol.iterator](): this {
    return this;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: async () => {
        if (!this.hasNext()) await this.source.waitForAsync(() => this.hasNext(), undefined, () => this.causeOfNext());
        return this.next();
      },
    };
  }

  private advanceChunk(): void {
    this.outcomes[this.chunkCursor] = undefined;
    this.chunkCursor++;
    this.itemCursor = 0;
  }

  private causeOfNext(): Completion | undefined {
    return this.outcomes[this.chunkCursor]?.cause ?? this.lastCause;
  }
}
