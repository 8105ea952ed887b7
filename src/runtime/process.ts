/**
 * Python's multiprocessing.Process on a worker thread. Spawn semantics: the new worker
 * re-loads the program's module and calls the target by its exported name.
 */
import { inspect } from 'node:util';
import { parentPort } from 'node:worker_threads';
import { EXIT_SEQ, ProcessSlot, ProcessState } from './arenaLayout';
import { normaliseTimeout, parkUntil } from './blocking';
import { captureUserSite } from './callSite';
import { forgetChild, rememberChild } from './children';
import { parkUntilAsync } from './parkAsync';
import { AssertionError, ValueError } from './errors';
import type { WorkerRequest } from './bootData';
import { registerAttacher, SharedPrimitive, type PrimitiveRef } from './primitive';
import { processRepr } from './processRepr';
import { subclassState } from './processSubclass';
import { describeUnclonable, toTransferable } from './sharing';
import { allocateWorkerId, threadContext } from './threadContext';

export interface ProcessOptions {
  /** A module-level exported function of the program (spawn looks it up by name). */
  readonly target?: (...args: never[]) => unknown;
  readonly args?: readonly unknown[];
  /**
   * Python's `kwargs`: named arguments. JavaScript has none, so the object is passed to the
   * target as one extra, last argument: `target(...args, kwargs)`.
   */
  readonly kwargs?: Readonly<Record<string, unknown>>;
  /** Defaults to `Process-N`, as in Python. */
  readonly name?: string;
  /** Daemon processes are ended when the process that started them ends; others are waited for. */
  readonly daemon?: boolean;
}

export class Process extends SharedPrimitive {
  /** A pid-like id: the worker's id in this run (MainProcess is 0). */
  readonly pid: number;
  daemon: boolean;
  private readonly target: ((...args: never[]) => unknown) | undefined;
  private readonly args: readonly unknown[];
  private readonly kwargs: Readonly<Record<string, unknown>> | undefined;
  /** The worker that made this object; undefined when it was passed in from another worker. */
  private readonly parentPid: number | undefined;
  private closed = false;

  constructor(options: ProcessOptions = {}, attach?: PrimitiveRef & { readonly pid: number }) {
    const pid = attach ? attach.pid : allocateWorkerId(threadContext().arena);
    // Python names a subclass's processes after the class: Worker-1.
    super('process', 'Process', { name: options.name ?? `${new.target === Process || !new.target.name ? 'Process' : new.target.name}-${pid}` }, attach);
    this.pid = pid;
    this.daemon = options.daemon ?? false;
    this.target = options.target;
    this.args = options.args ?? [];
    this.kwargs = options.kwargs;
    this.parentPid = attach ? undefined : this.ctx.workerId;
    if (!attach) Atomics.store(this.ctx.arena, this.base + ProcessSlot.workerId, pid);
  }

  get kind(): 'process' {
    return 'process';
  }

  get ident(): number {
    return this.pid;
  }

  start(): void {
    this.checkOpen();
    const { arena, tracer } = this.ctx;
    if (Atomics.load(arena, this.base + ProcessSlot.state) !== ProcessState.created) {
      throw new AssertionError('cannot start a process twice');
    }
    const subclass = subclassState(this, Process.prototype.run);
    const target = this.target;
    if (!target && !subclass) throw new TypeError(`Process '${this.name}' has no target: pass { target: someExportedFunction }, or subclass Process and override run()`);
    if (target && !target.name) {
      throw new TypeError(
        `Process '${this.name}': the target is an anonymous function. Spawned workers re-load the module and find ` +
          'the target by name, so it must be a named function exported at module level (export function task() {…}).',
      );
    }
    const request: WorkerRequest = {
      type: 'spawn',
      workerId: this.pid,
      processSlot: this.id,
      name: this.name,
      target: target?.name ?? '',
      args: [
        ...this.args.map((arg, index) => toTransferable(arg, `args[${index}]`)),
        ...(this.kwargs ? [toTransferable(this.kwargs, 'kwargs')] : []),
      ],
      daemon: this.daemon,
      ...(subclass ? { subclass } : {}),
    };
    // Started before the request leaves, so the host never sees a spawn for a process in 'created'.
    if (Atomics.compareExchange(arena, this.base + ProcessSlot.state, ProcessState.created, ProcessState.started) !== ProcessState.created) {
      throw new AssertionError('cannot start a process twice');
    }
    try {
      hostPort().postMessage(request);
    } catch (error) {
      Atomics.store(arena, this.base + ProcessSlot.state, ProcessState.created);
      throw new TypeError(`Process '${this.name}': ${describeUnclonable(this.callArgs(), error)}`);
    }
    rememberChild(this);
    tracer.op('start', this.id, tracer.nextOpSeq());
  }

  /**
   * What the process does: calls the target with the args. Subclasses override it (Python's
   * `run`); the new worker then calls the override on its copy of the object.
   */
  run(): unknown {
    return this.target?.(...(this.callArgs() as never[]));
  }

  private callArgs(): readonly unknown[] {
    return this.kwargs ? [...this.args, this.kwargs] : this.args;
  }

  /** Blocks until the process ends or `timeoutMs` passes (then returns; check exitCode). */
  join(timeoutMs?: number | null): void {
    const timeout = this.beginJoin(timeoutMs);
    if (timeout === false) return;
    this.endJoin(parkUntil(this.ctx.arena, this.base + ProcessSlot.state, (s) => s === ProcessState.exited, timeout));
  }

  /** The promise form for async code: resolves like `join` without blocking the thread. */
  async joinAsync(timeoutMs?: number | null): Promise<void> {
    const timeout = this.beginJoin(timeoutMs);
    if (timeout === false) return;
    this.endJoin(await parkUntilAsync(this.ctx.arena, this.base + ProcessSlot.state, (s) => s === ProcessState.exited, timeout));
  }

  /** Python's join() checks; false when there is nothing to wait for, else the wait is traced as begun. */
  private beginJoin(timeoutMs: number | null | undefined): number | undefined | false {
    this.checkOpen();
    const { arena, tracer } = this.ctx;
    const state = Atomics.load(arena, this.base + ProcessSlot.state);
    if (state === ProcessState.created) throw new AssertionError('can only join a started process');
    // As in Python, only the process that made the Process object may join it: a handle passed
    // to another process cannot be joined there, so processes cannot join each other in a cycle.
    if (this.parentPid !== this.ctx.workerId) throw new AssertionError('can only join a child process');
    if (state === ProcessState.exited) return false;
    const timeout = normaliseTimeout(timeoutMs);
    tracer.waitBegin('join', this.id, timeout, captureUserSite());
    return timeout;
  }

  private endJoin(ended: boolean): void {
    if (ended) this.ctx.tracer.waitEnd('woken', this.id, this.pid, 'exit', EXIT_SEQ);
    else this.ctx.tracer.waitEnd('timeout', this.id);
  }

  isAlive(): boolean {
    this.checkOpen();
    return Atomics.load(this.ctx.arena, this.base + ProcessSlot.state) === ProcessState.started;
  }

  /** null while running; 0 ok, 1 uncaught error, n from exit(n), -15 after terminate(), -9 after kill(). */
  get exitCode(): number | null {
    this.checkOpen();
    if (Atomics.load(this.ctx.arena, this.base + ProcessSlot.state) !== ProcessState.exited) return null;
    return Atomics.load(this.ctx.arena, this.base + ProcessSlot.exitCode);
  }

  /** Ends the process (SIGTERM in Python): its exit code becomes -15. */
  terminate(): void {
    this.end(false);
  }

  /**
   * Ends the process (SIGKILL in Python): its exit code becomes -9. A thread cannot catch a
   * signal, so this ends it the same way terminate() does; only the exit code differs.
   */
  kill(): void {
    this.end(true);
  }

  private end(kill: boolean): void {
    this.checkOpen();
    if (Atomics.load(this.ctx.arena, this.base + ProcessSlot.state) !== ProcessState.started) return;
    hostPort().postMessage({ type: 'terminate', workerId: this.pid, ...(kill ? { kill } : {}) } satisfies WorkerRequest);
  }

  /**
   * Python's close(): releases the Process object. ValueError while the process still runs;
   * afterwards start, join, isAlive, exitCode, terminate and kill raise ValueError. Closing
   * twice is allowed.
   */
  close(): void {
    if (this.closed) return;
    if (Atomics.load(this.ctx.arena, this.base + ProcessSlot.state) === ProcessState.started) {
      throw new ValueError('Cannot close a process while it is still running. You should first call join() or terminate().');
    }
    this.closed = true;
    forgetChild(this);
  }

  private checkOpen(): void {
    if (this.closed) throw new ValueError('process object is closed');
  }

  override toString(): string {
    const state = Atomics.load(this.ctx.arena, this.base + ProcessSlot.state);
    const status = this.closed
      ? 'closed'
      : this.pid === this.ctx.workerId
        ? 'started'
        : this.parentPid === undefined
          ? 'unknown'
          : state === ProcessState.created
            ? 'initial'
            : state === ProcessState.exited
              ? 'stopped'
              : 'started';
    const exitCode = status === 'stopped' ? Atomics.load(this.ctx.arena, this.base + ProcessSlot.exitCode) : null;
    // Bundlers may rename the Process class itself; a subclass keeps its own name.
    const ctor = Object.getPrototypeOf(this).constructor as { name: string };
    const className = ctor === Process ? 'Process' : ctor.name;
    return processRepr({ className, name: this.name, pid: this.pid, parentPid: this.parentPid, status, exitCode, daemon: this.daemon });
  }

  [inspect.custom](): string {
    return this.toString();
  }

  override toReference(): PrimitiveRef & { readonly pid: number } {
    return { ...super.toReference(), pid: this.pid };
  }
}

registerAttacher('process', (ref) => new Process({}, ref as PrimitiveRef & { readonly pid: number }));

function hostPort(): NonNullable<typeof parentPort> {
  if (!parentPort) throw new Error('Threadline: processes can only be started inside a Threadline run');
  return parentPort;
}
