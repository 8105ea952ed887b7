/**
 * The run model: what every worker did over time, built by folding trace events in order.
 * The host, the extension, the webview and the CLI all build it with this one code path.
 */
import type { RecordTally } from './batchDecoder';
import type { Millis, PrimitiveId, WorkerId } from './ids';
import type { Problem } from './problems';
import type { PassedWait } from './records';
import { SEMAPHORE_KINDS } from './semaphoreHolds';
import {
  BLOCKING_WAITS,
  type OpKind,
  type OutputStream,
  type PrimitiveKind,
  type SourceSite,
  type TraceEvent,
  type WaitKind,
  type WorkerRole,
} from './trace';

/** `starting`: the thread is being made and the runtime loaded, before the program's own code. */
export type WorkerState = 'starting' | 'running' | 'waiting' | 'blocked' | 'sleeping' | 'done' | 'failed';
export const WORKER_STATES: readonly WorkerState[] = ['starting', 'running', 'waiting', 'blocked', 'sleeping', 'done', 'failed'];

export interface StateInterval {
  state: WorkerState;
  from: Millis;
  /** Undefined while the interval is still open (the worker is in this state now). */
  to?: Millis;
  /** The primitive waited on, for waiting and blocked states. */
  on?: PrimitiveId;
  wait?: WaitKind;
  timeoutMs?: number;
  site?: SourceSite;
}

export interface WorkerView {
  readonly id: WorkerId;
  readonly name: string;
  readonly role: WorkerRole;
  readonly parent?: WorkerId;
  readonly daemon: boolean;
  readonly target?: string;
  /** The pool a pool worker serves. */
  readonly pool?: PrimitiveId;
  readonly startedAt: Millis;
  readonly states: StateInterval[];
  /**
   * Milliseconds spent in each state, over the intervals that have ended: kept in both modes,
   * so a summary needs no history.
   */
  readonly timeIn: Partial<Record<WorkerState, number>>;
  exitCode?: number;
  error?: string;
  dropped: number;
}

export interface OpMark {
  readonly op: OpKind;
  readonly at: Millis;
  readonly worker: WorkerId;
  readonly seq: number;
  readonly site?: SourceSite;
}

export interface PrimitiveView {
  readonly id: PrimitiveId;
  readonly kind: PrimitiveKind;
  readonly name: string;
  readonly createdBy: WorkerId;
  readonly createdAt: Millis;
  readonly site?: SourceSite;
  readonly ops: OpMark[];
  /** How many of each op were made on it (kept without history too, unless `opCounts` is false). */
  readonly opCounts: Map<OpKind, number>;
  /** How many waits it ended, and whose, in the order first woken (kept without history too). */
  woke: number;
  readonly wokeWaiters: Set<WorkerId>;
}

/** A pool's tasks that have ended (kept without history too). */
export interface TaskTally {
  ok: number;
  failed: number;
  firstError?: string;
}

export interface Wake {
  readonly waiter: WorkerId;
  readonly primitive?: PrimitiveId;
  readonly by: WorkerId;
  readonly op: OpKind;
  readonly opSeq: number;
  /** When the releasing operation happened (the arrow's tail); filled in when its record arrives. */
  opAt?: Millis;
  /** When the waiter resumed (the arrow's head). */
  readonly at: Millis;
}

export interface OutputLine {
  readonly worker: WorkerId;
  readonly at: Millis;
  readonly stream: OutputStream;
  readonly text: string;
  /** The console call that wrote it, when known. */
  readonly site?: SourceSite;
}

export interface TaskView {
  readonly pool: PrimitiveId;
  readonly index: number;
  readonly fn: string;
  readonly args?: string;
  readonly worker: WorkerId;
  readonly from: Millis;
  to?: Millis;
  ok?: boolean;
  error?: string;
}

function stateForWait(wait: WaitKind): WorkerState {
  if (wait === 'sleep') return 'sleeping';
  return BLOCKING_WAITS.has(wait) ? 'blocked' : 'waiting';
}

/** The state a wait puts its worker in, from `from` on. */
export function waitInterval(wait: WaitKind, from: Millis, on: PrimitiveId | undefined, timeoutMs: number | undefined, site: SourceSite | undefined): StateInterval {
  return { state: stateForWait(wait), from, on, wait, timeoutMs, site };
}

/**
 * Ended by terminate(), kill() or Stop: a negative exit code, Python's signal number. Ended from
 * outside rather than failed; the views say and draw it so.
 */
export function endedBySignal(worker: WorkerView): boolean {
  return (worker.exitCode ?? 0) < 0;
}

/**
 * How a worker ended, in Python's terms: a negative exit code is the signal that ended it
 * (terminate() or Stop: -15; kill() or a forced stop: -9), which is not a failure of its own.
 */
export function endWord(worker: WorkerView): 'done' | 'failed' | 'terminated' | 'killed' {
  const code = worker.exitCode;
  if (code === undefined || code === 0) return 'done';
  if (code === -9) return 'killed';
  return endedBySignal(worker) ? 'terminated' : 'failed';
}

export interface RunModelOptions {
  /**
   * False: keep only what the host's detectors and a summary read (each worker's current
   * state, primitives, Semaphore acquire/release ops, findings, tallies), not the history a
   * view draws. Default true.
   */
  readonly history?: boolean;
  /**
   * False: no op counts per primitive (what the summary reads). The host, whose model serves
   * only its detectors, folds every lock op and need not count them. Default true.
   */
  readonly opCounts?: boolean;
}

export class RunModel {
  readonly workers = new Map<WorkerId, WorkerView>();
  readonly primitives = new Map<PrimitiveId, PrimitiveView>();
  readonly wakes: Wake[] = [];
  readonly output: OutputLine[] = [];
  /** Findings of the host's detectors, by id (a later event with the same id replaces it). */
  readonly problems = new Map<string, Problem>();
  /** Pool tasks in the order they started. */
  readonly tasks: TaskView[] = [];
  private readonly openTasks = new PairMap<TaskView>();
  private readonly taskTallies = new Map<PrimitiveId, TaskTally>();
  /** Number of trace events folded in so far. */
  eventCount = 0;
  /** For BatchDecoder.decode: what this model, when it keeps no history, counts from records. */
  readonly tally: RecordTally = {
    op: (worker, primitive, op, at, count) => this.tallyOp(worker, primitive, op, at, count),
    tasks: (worker, pool, completed, at, events) => this.tallyTasks(worker, pool, completed, at, events),
    wait: (worker, passed) => this.tallyWait(worker, passed),
  };
  /** The latest time any event carried: "now" for open intervals while live. */
  latest: Millis = 0 as Millis;
  /** When each op was made, by worker and op sequence: what a wake's arrow starts from. */
  private readonly opTimes = new OpTimes();
  /** Wakes whose releasing op was drained later than the wake (rings drain one at a time). */
  private readonly wakesAwaitingOp = new PairMap<Wake[]>();
  private readonly history: boolean;
  private readonly countOps: boolean;

  constructor(options: RunModelOptions = {}) {
    this.history = options.history ?? true;
    this.countOps = options.opCounts ?? true;
  }

  applyAll(events: Iterable<TraceEvent>): void {
    for (const event of events) this.apply(event);
  }

  apply(event: TraceEvent): void {
    this.eventCount++;
    if (event.at > this.latest) this.latest = event.at;
    this.leaveStarting(event);
    switch (event.t) {
      case 'workerStart':
        this.workers.set(event.worker, {
          id: event.worker,
          name: event.name,
          role: event.role,
          parent: event.parent,
          daemon: event.daemon,
          target: event.target,
          ...(event.pool !== undefined ? { pool: event.pool } : {}),
          startedAt: event.at,
          states: [{ state: 'starting', from: event.at }],
          timeIn: {},
          dropped: 0,
        });
        return;
      case 'workerExit': {
        const worker = this.workers.get(event.worker);
        if (!worker) return;
        worker.exitCode = event.exitCode;
        if (event.error !== undefined) worker.error = event.error;
        this.enter(worker, { state: event.exitCode === 0 ? 'done' : 'failed', from: event.at });
        return;
      }
      case 'primitiveCreate':
        this.primitives.set(event.primitive, {
          id: event.primitive,
          kind: event.kind,
          name: event.name,
          createdBy: event.worker,
          createdAt: event.at,
          site: event.site,
          ops: [],
          opCounts: new Map(),
          woke: 0,
          wokeWaiters: new Set(),
        });
        return;
      case 'waitBegin': {
        const worker = this.workers.get(event.worker);
        if (!worker) return;
        this.enter(worker, waitInterval(event.wait, event.at, event.primitive, event.timeoutMs, event.site));
        return;
      }
      case 'waitEnd': {
        const worker = this.workers.get(event.worker);
        if (!worker) return;
        this.enter(worker, { state: 'running', from: event.at });
        const woken = event.outcome === 'woken' && event.by !== undefined && event.op !== undefined;
        const on = woken && event.primitive !== undefined ? this.primitives.get(event.primitive) : undefined;
        if (on) {
          on.woke++;
          on.wokeWaiters.add(event.worker);
        }
        if (this.history && woken) {
          const opSeq = event.opSeq ?? -1;
          const wake: Wake = {
            waiter: event.worker,
            primitive: event.primitive,
            by: event.by,
            op: event.op,
            opSeq,
            opAt: this.opTimes.get(event.by, opSeq),
            at: event.at,
          };
          this.wakes.push(wake);
          if (wake.opAt === undefined) {
            const waiting = this.wakesAwaitingOp.get(event.by, opSeq);
            if (waiting) waiting.push(wake);
            else this.wakesAwaitingOp.set(event.by, opSeq, [wake]);
          }
        }
        return;
      }
      case 'op': {
        const primitive = this.primitives.get(event.primitive);
        if (primitive) this.countOp(primitive, event.op);
        if (!this.history) {
          if (primitive && SEMAPHORE_KINDS.has(primitive.kind)) primitive.ops.push(event);
          return;
        }
        // The event is a mark already (an OpMark with two more fields): one object per op, not two.
        primitive?.ops.push(event);
        this.opTimes.set(event.worker, event.seq, event.at);
        const waiting = this.wakesAwaitingOp.get(event.worker, event.seq);
        if (waiting) {
          for (const wake of waiting) wake.opAt = event.at;
          this.wakesAwaitingOp.delete(event.worker, event.seq);
        }
        return;
      }
      case 'output':
        if (!this.history) return;
        this.insertOutput({ worker: event.worker, at: event.at, stream: event.stream, text: event.text, ...(event.site ? { site: event.site } : {}) });
        return;
      case 'taskStart': {
        if (!this.history) return;
        const task: TaskView = { pool: event.pool, index: event.task, fn: event.fn, args: event.args, worker: event.worker, from: event.at };
        this.tasks.push(task);
        this.openTasks.set(event.pool, event.task, task);
        return;
      }
      case 'taskEnd': {
        this.tallyTask(event.pool, event.ok, event.error);
        const task = this.openTasks.get(event.pool, event.task);
        if (!task) return;
        this.openTasks.delete(event.pool, event.task);
        task.to = event.at;
        task.ok = event.ok;
        if (event.error !== undefined) task.error = event.error;
        return;
      }
      case 'problem':
        this.problems.set(event.problem.id, event.problem);
        return;
      case 'dropped': {
        const worker = this.workers.get(event.worker);
        if (worker) worker.dropped += event.count;
        return;
      }
    }
  }

  /** The state a worker is in now (its last interval). */
  currentState(worker: WorkerView): StateInterval {
    const last = worker.states[worker.states.length - 1];
    if (!last) throw new Error(`worker ${worker.name} has no state`);
    return last;
  }

  totalDropped(): number {
    let total = 0;
    for (const worker of this.workers.values()) total += worker.dropped;
    return total;
  }

  /**
   * A worker is `starting` until the first sign of its own life: its runtime's `boot` op, or any
   * record it wrote (a trace from before `boot` existed, or one that lost that record).
   */
  /**
   * Counts an op without an event made of it, where the model would keep nothing else of it:
   * no history, not a Semaphore's (whose holders are read from its ops), from a worker already
   * running. False: apply the op's event instead.
   */
  tallyOp(worker: WorkerId, primitive: PrimitiveId, op: OpKind, at: Millis, count = 1): boolean {
    if (this.history) return false;
    const view = this.primitives.get(primitive);
    if (!view || SEMAPHORE_KINDS.has(view.kind) || !this.countedWithoutEvents(worker, at, count)) return false;
    this.countOp(view, op, count);
    return true;
  }

  /**
   * Counts tasks that ended ok (none, for a task's start) without their events: with no history
   * a task's events only add to its pool's tally. False (apply the events instead) with
   * history, or while the worker is still starting.
   */
  tallyTasks(worker: WorkerId, pool: PrimitiveId, completed: number, at: Millis, events: number): boolean {
    if (this.history || !this.countedWithoutEvents(worker, at, events)) return false;
    if (completed > 0) this.tallyTask(pool, true, undefined, completed);
    return true;
  }

  /**
   * Takes a wait that was over when written as its waitBegin, waitEnd and acquire events
   * would have (the worker waiting from its start, running from its end, the wake counted),
   * without making them. False (apply the events instead) with history, while the worker is
   * still starting, before the model has the primitive, or when the wait took a Semaphore,
   * whose ops this model keeps.
   */
  tallyWait(worker: WorkerId, passed: PassedWait): boolean {
    if (this.history) return false;
    const view = this.workers.get(worker);
    const on = passed.primitive !== undefined ? this.primitives.get(passed.primitive) : undefined;
    const acquired = passed.acquireSeq !== undefined;
    // A primitive not created yet in this model: its creation is among the events still to come.
    if (!view || (passed.primitive !== undefined && !on) || (acquired && on && SEMAPHORE_KINDS.has(on.kind))) return false;
    if (!this.countedWithoutEvents(worker, passed.end, acquired ? 3 : 2)) return false;
    this.passThroughWait(view, stateForWait(passed.wait), passed.began, passed.end);
    if (on && passed.outcome === 'woken' && passed.by !== undefined) {
      on.woke++;
      on.wokeWaiters.add(worker);
    }
    if (on && acquired) this.countOp(on, 'acquire');
    return true;
  }

  /**
   * What the events a tally stands for would have done to the whole model: false, doing
   * nothing, while the worker is still starting (its first event must move it to running).
   */
  private countedWithoutEvents(worker: WorkerId, at: Millis, events: number): boolean {
    const states = this.workers.get(worker)?.states;
    if (!states || states[states.length - 1]?.state === 'starting') return false;
    this.eventCount += events;
    if (at > this.latest) this.latest = at;
    return true;
  }

  private countOp(primitive: PrimitiveView, op: OpKind, count = 1): void {
    if (this.countOps) primitive.opCounts.set(op, (primitive.opCounts.get(op) ?? 0) + count);
  }

  private leaveStarting(event: TraceEvent): void {
    if (event.t === 'workerStart' || event.t === 'workerExit' || event.t === 'dropped' || event.t === 'problem') return;
    const worker = this.workers.get(event.worker);
    const current = worker?.states[worker.states.length - 1];
    if (worker && current?.state === 'starting' && current.to === undefined) this.enter(worker, { state: 'running', from: event.at });
  }

  /** Ended tasks of `pool`: how many ok and failed, and the first error. */
  taskTally(pool: PrimitiveId): TaskTally {
    return this.taskTallies.get(pool) ?? { ok: 0, failed: 0 };
  }

  private tallyTask(pool: PrimitiveId, ok: boolean, error: string | undefined, tasks = 1): void {
    let tally = this.taskTallies.get(pool);
    if (!tally) this.taskTallies.set(pool, (tally = { ok: 0, failed: 0 }));
    if (ok) tally.ok += tasks;
    else {
      tally.failed++;
      if (tally.firstError === undefined && error !== undefined) tally.firstError = error;
    }
  }

  /** Keeps output in time order: batches from different rings can arrive slightly out of order. */
  private insertOutput(line: OutputLine): void {
    let index = this.output.length;
    while (index > 0 && this.output[index - 1]!.at > line.at) index--;
    this.output.splice(index, 0, line);
  }

  /**
   * What entering the wait's state at `began` and running again at `end` does to a model
   * without history, without the wait's interval: nothing would keep it.
   */
  private passThroughWait(worker: WorkerView, state: WorkerState, began: Millis, end: Millis): void {
    const current = worker.states[worker.states.length - 1];
    if (current && current.to === undefined) {
      if (current.state === 'done' || current.state === 'failed') return;
      current.to = began;
      worker.timeIn[current.state] = (worker.timeIn[current.state] ?? 0) + (began - current.from);
    }
    worker.timeIn[state] = (worker.timeIn[state] ?? 0) + (end - began);
    worker.states[0] = { state: 'running', from: end };
    if (worker.states.length !== 1) worker.states.length = 1;
  }

  private enter(worker: WorkerView, next: StateInterval): void {
    const current = worker.states[worker.states.length - 1];
    if (current && current.to === undefined) {
      if (current.state === 'done' || current.state === 'failed') return;
      current.to = next.from;
      worker.timeIn[current.state] = (worker.timeIn[current.state] ?? 0) + (current.to - current.from);
      // A zero-length running slice between two waits, or a zero-length start, carries no
      // information: drop it.
      if (current.from === current.to && ((current.state === 'running' && worker.states.length > 1) || current.state === 'starting')) {
        worker.states.pop();
      }
    }
    if (!this.history && worker.states.length > 0) {
      // Replaced in place: emptying the array (length = 0) frees its store, and the push after
      // it allocates a new one, on every state change the host or a summary-only CLI folds.
      worker.states[0] = next;
      // Only when it is not 1 already: setting it costs, once per state change.
      if (worker.states.length !== 1) worker.states.length = 1;
      return;
    }
    worker.states.push(next);
  }
}

/**
 * When each op was made, by worker and op sequence number. A worker numbers its ops 1, 2, 3…,
 * so its times go in one growing Float64Array (8 bytes an op, where a Map entry and its boxed
 * number cost several times that); a sequence number far ahead of the others (a hand-edited
 * trace, say) goes in a Map instead of growing the array to it.
 */
class OpTimes {
  private readonly dense = new Map<number, { times: Float64Array; length: number }>();
  private readonly sparse = new PairMap<Millis>();

  get(worker: number, seq: number): Millis | undefined {
    const table = this.dense.get(worker);
    if (table && Number.isInteger(seq) && seq >= 0 && seq < table.length) {
      const at = table.times[seq]!;
      if (!Number.isNaN(at)) return at as Millis;
    }
    return this.sparse.get(worker, seq);
  }

  set(worker: number, seq: number, at: Millis): void {
    let table = this.dense.get(worker);
    if (!table) this.dense.set(worker, (table = { times: new Float64Array(64).fill(Number.NaN), length: 0 }));
    if (!Number.isInteger(seq) || seq < 0 || seq > 2 * table.length + DENSE_SEQ_SLACK) {
      this.sparse.set(worker, seq, at);
      return;
    }
    if (seq >= table.times.length) {
      const grown = new Float64Array(Math.max(seq + 1, table.times.length * 2)).fill(Number.NaN);
      grown.set(table.times);
      table.times = grown;
    }
    table.times[seq] = at;
    table.length = Math.max(table.length, seq + 1);
  }
}
/** How far past the highest sequence number so far the array still grows (records may be dropped). */
const DENSE_SEQ_SLACK = 4096;

/**
 * A map keyed by two small integers (a worker and an op sequence, a pool and a task index),
 * without building a string key per event on the host's hottest path.
 */
class PairMap<V> {
  private readonly outer = new Map<number, Map<number, V>>();

  get(first: number, second: number): V | undefined {
    return this.outer.get(first)?.get(second);
  }

  set(first: number, second: number, value: V): void {
    let inner = this.outer.get(first);
    if (!inner) this.outer.set(first, (inner = new Map()));
    inner.set(second, value);
  }

  delete(first: number, second: number): void {
    this.outer.get(first)?.delete(second);
  }
}
