/**
 * Python's multiprocessing.Barrier (threading.Barrier's semantics): `parties` workers wait
 * until all have arrived; the last to arrive runs the action, then all go on. Each wait
 * returns a distinct arrival index 0..parties-1. abort(), a failing action or a wait's timeout
 * break the barrier (BrokenBarrierError in every waiter) until reset().
 *
 * Slot words (BarrierSlot in arenaLayout.ts):
 *   0 state       BarrierState: filling, releasing (the action runs), draining (waiters leave),
 *                 resetting, broken. Every wait parks on this word.
 *   1 count       workers inside wait() now.
 *   2 lastWorker  who made the last state change (trip, abort or timeout, reset), its op
 *   3 lastSeq     sequence and op kind code: a woken waiter's waker.
 *   4 lastOp
 *   5 parties
 *   6 guard       an internal mutex over count and state (held for a few instructions only;
 *                 never while the action runs or while anyone waits).
 *
 * The action crosses to other workers the way a Process target does: by its exported name,
 * looked up in the worker's re-loaded program module.
 */
import { OP_KINDS, type OpKind } from '../model/trace';
import { BarrierSlot, BarrierState } from './arenaLayout';
import { normaliseTimeout, parkUntil } from './blocking';
import { captureUserSite } from './callSite';
import { BrokenBarrierError, ValueError } from './errors';
import { parkUntilAsync } from './parkAsync';
import { loadProgram } from './programLoader';
import { registerAttacher, SharedPrimitive, type PrimitiveOptions, type PrimitiveRef } from './primitive';
import { threadContext } from './threadContext';

export interface BarrierOptions extends PrimitiveOptions {
  /** Run by the last worker to arrive, before any is released; an exported module-level function to share it. */
  readonly action?: (() => unknown) | null;
  /** The default timeout of `wait()`, in ms. */
  readonly timeoutMs?: number | null;
}

type BarrierRef = PrimitiveRef & { readonly action?: string; readonly timeoutMs?: number };

/** A park on the state word: until `ready` holds or `timeout` passes. */
interface Park {
  readonly ready: (state: number) => boolean;
  readonly timeout: number | undefined;
}

const { filling, draining, resetting, broken, releasing } = BarrierState;
const passing = (state: number) => state === draining || state === resetting || state === releasing;

export class Barrier extends SharedPrimitive {
  private action: (() => unknown) | undefined;
  private readonly actionName: string | undefined;
  private readonly defaultTimeout: number | undefined;

  constructor(parties: number, options?: BarrierOptions, attach?: BarrierRef) {
    if (!attach && (!Number.isInteger(parties) || parties < 1)) throw new ValueError(`parties must be an integer >= 1 (got ${parties})`);
    super('barrier', 'Barrier', options, attach);
    if (attach) {
      this.actionName = attach.action;
      this.defaultTimeout = attach.timeoutMs;
      if (this.actionName) this.resolveAction(this.actionName);
    } else {
      this.action = options?.action ?? undefined;
      this.actionName = this.action?.name || undefined;
      this.defaultTimeout = normaliseTimeout(options?.timeoutMs);
      Atomics.store(this.ctx.arena, this.base + BarrierSlot.parties, parties);
    }
  }

  get kind(): 'barrier' {
    return 'barrier';
  }

  get parties(): number {
    return Atomics.load(this.ctx.arena, this.base + BarrierSlot.parties);
  }

  /** Workers waiting at the barrier now (0 while it releases them), as Python's `n_waiting`. */
  get nWaiting(): number {
    const state = Atomics.load(this.ctx.arena, this.base + BarrierSlot.state);
    return state === filling || state === releasing ? Atomics.load(this.ctx.arena, this.base + BarrierSlot.count) : 0;
  }

  get broken(): boolean {
    return Atomics.load(this.ctx.arena, this.base + BarrierSlot.state) === broken;
  }

  /**
   * Waits until `parties` workers have called wait; returns this worker's arrival index
   * (0..parties-1). Throws BrokenBarrierError when the barrier is or becomes broken, including
   * when `timeoutMs` (default: the barrier's timeout) passes, which breaks it for everyone.
   */
  wait(timeoutMs?: number | null): number {
    const steps = this.waitSteps(timeoutMs);
    const { arena } = this.ctx;
    let step = steps.next();
    while (!step.done) step = steps.next(parkUntil(arena, this.base + BarrierSlot.state, step.value.ready, step.value.timeout));
    return step.value;
  }

  /** The promise form of `wait`: the thread stays free while it waits. */
  async waitAsync(timeoutMs?: number | null): Promise<number> {
    const steps = this.waitSteps(timeoutMs);
    const { arena } = this.ctx;
    let step = steps.next();
    while (!step.done) step = steps.next(await parkUntilAsync(arena, this.base + BarrierSlot.state, step.value.ready, step.value.timeout));
    return step.value;
  }

  /** Breaks the barrier: current and future waiters get BrokenBarrierError until reset(). */
  abort(): void {
    this.whenSettled(() => this.breakBarrier());
  }

  /**
   * Returns the barrier to its empty state; workers waiting now get BrokenBarrierError, and
   * the barrier is usable again once they have left.
   */
  reset(): void {
    this.whenSettled(() => {
      const { arena } = this.ctx;
      const state = Atomics.load(arena, this.base + BarrierSlot.state);
      let next: number = filling;
      if (Atomics.load(arena, this.base + BarrierSlot.count) > 0) next = state === draining ? draining : resetting;
      this.changeState(next, 'reset');
    });
  }

  override toReference(): BarrierRef {
    if (this.action && !this.actionName) {
      throw new TypeError(
        `cannot pickle the action of Barrier '${this.name}': it is an anonymous function. Other workers look the ` +
          'action up by name, so make it a named function exported at module level (export function onTrip() {…}).',
      );
    }
    return {
      ...super.toReference(),
      ...(this.actionName ? { action: this.actionName } : {}),
      ...(this.defaultTimeout !== undefined ? { timeoutMs: this.defaultTimeout } : {}),
    };
  }

  /** threading.Barrier.wait as steps; each yield parks on the state word (sync or async). */
  private *waitSteps(timeoutMs: number | null | undefined): Generator<Park, number, boolean> {
    const { arena, tracer } = this.ctx;
    const stateIndex = this.base + BarrierSlot.state;
    const countIndex = this.base + BarrierSlot.count;
    const timeout = normaliseTimeout(timeoutMs === undefined || timeoutMs === null ? this.defaultTimeout : timeoutMs);
    this.lockGuard();
    // Wait while the previous round drains, is being reset, or runs its action.
    while (passing(Atomics.load(arena, stateIndex))) {
      this.unlockGuard();
      tracer.waitBegin('barrier', this.id, undefined, captureUserSite());
      yield { ready: (state) => !passing(state), timeout: undefined };
      this.traceWoken();
      this.lockGuard();
    }
    if (Atomics.load(arena, stateIndex) === broken) {
      this.unlockGuard();
      throw this.brokenError();
    }
    const index = Atomics.add(arena, countIndex, 1);
    const seq = tracer.nextOpSeq();
    tracer.op('arrive', this.id, seq);
    if (index + 1 >= this.parties) {
      Atomics.store(arena, stateIndex, releasing);
      this.unlockGuard();
      this.runAction();
      this.lockGuard();
      this.changeState(draining, 'arrive', seq);
      this.leave();
      return index;
    }
    this.unlockGuard();
    tracer.waitBegin('barrier', this.id, timeout, captureUserSite());
    // Not woken while the action runs: its outcome (draining or broken) decides ours.
    yield { ready: (state) => state !== filling && state !== releasing, timeout };
    this.lockGuard();
    if (Atomics.load(arena, stateIndex) === releasing) {
      // Timed out while the last arriver runs the action: as in Python, the action's outcome decides.
      this.unlockGuard();
      yield { ready: (state) => state !== releasing, timeout: undefined };
      this.lockGuard();
    }
    const state = Atomics.load(arena, stateIndex);
    if (state === filling) {
      tracer.waitEnd('timeout', this.id);
      this.changeState(broken, 'abort');
      this.leave();
      throw this.brokenError(`the wait timed out after ${timeout} ms`);
    }
    this.traceWoken();
    this.leave();
    if (state !== draining) throw this.brokenError();
    return index;
  }

  private runAction(): void {
    if (!this.actionName && !this.action) return;
    try {
      const action = this.action;
      if (!action) {
        throw new Error(
          `Barrier '${this.name}': its action '${this.actionName}' is not exported by the program module. ` +
            `Workers re-load the program and look the action up by name: export function ${this.actionName}() { … }.`,
        );
      }
      action();
    } catch (error) {
      // Python: an action that raises breaks the barrier, and the error reaches its caller.
      this.lockGuard();
      this.changeState(broken, 'abort');
      this.leave();
      throw error;
    }
  }

  /** One wait leaves; the last one out of a drained or reset round reopens the barrier. */
  private leave(): void {
    const { arena } = this.ctx;
    const remaining = Atomics.sub(arena, this.base + BarrierSlot.count, 1) - 1;
    const state = Atomics.load(arena, this.base + BarrierSlot.state);
    if (remaining === 0 && (state === draining || state === resetting)) {
      Atomics.store(arena, this.base + BarrierSlot.state, filling);
      Atomics.notify(arena, this.base + BarrierSlot.state);
    }
    this.unlockGuard();
  }

  private breakBarrier(): void {
    this.changeState(broken, 'abort');
  }

  /** Runs `change` under the guard once no action is running (Python holds the lock meanwhile). */
  private whenSettled(change: () => void): void {
    const { arena } = this.ctx;
    this.lockGuard();
    while (Atomics.load(arena, this.base + BarrierSlot.state) === releasing) {
      this.unlockGuard();
      parkUntil(arena, this.base + BarrierSlot.state, (state) => state !== releasing, undefined);
      this.lockGuard();
    }
    change();
    this.unlockGuard();
  }

  /** Publishes the cause, then the state, and wakes every waiter. Call with the guard held. */
  private changeState(state: number, op: OpKind, seq = this.ctx.tracer.nextOpSeq()): void {
    const { arena, tracer, workerId } = this.ctx;
    Atomics.store(arena, this.base + BarrierSlot.lastWorker, workerId);
    Atomics.store(arena, this.base + BarrierSlot.lastSeq, seq);
    Atomics.store(arena, this.base + BarrierSlot.lastOp, OP_KINDS.indexOf(op));
    Atomics.store(arena, this.base + BarrierSlot.state, state);
    Atomics.notify(arena, this.base + BarrierSlot.state);
    if (op !== 'arrive') tracer.op(op, this.id, seq);
  }

  private traceWoken(): void {
    const { arena, tracer } = this.ctx;
    const op = OP_KINDS[Atomics.load(arena, this.base + BarrierSlot.lastOp)] ?? 'arrive';
    tracer.waitEnd('woken', this.id, Atomics.load(arena, this.base + BarrierSlot.lastWorker), op, Atomics.load(arena, this.base + BarrierSlot.lastSeq));
  }

  private brokenError(why?: string): BrokenBarrierError {
    return new BrokenBarrierError(`Barrier '${this.name}' is broken${why ? `: ${why}` : ''}`);
  }

  /** A futex mutex (0 free, 1 held, 2 held with waiters), held for a few instructions. */
  private lockGuard(): void {
    const { arena } = this.ctx;
    const index = this.base + BarrierSlot.guard;
    if (Atomics.compareExchange(arena, index, 0, 1) === 0) return;
    // Marks "held with waiters" so the unlock notifies; parks only while it stays so.
    while (Atomics.exchange(arena, index, 2) !== 0) Atomics.wait(arena, index, 2);
  }

  private unlockGuard(): void {
    const { arena } = this.ctx;
    const index = this.base + BarrierSlot.guard;
    if (Atomics.exchange(arena, index, 0) === 2) Atomics.notify(arena, index, 1);
  }

  /** In another worker the action is the program's export of that name (spawn semantics). */
  private resolveAction(name: string): void {
    // The program module is being loaded by this worker's bootstrap now; this call shares
    // that load and settles before the target runs.
    loadProgram(threadContext().boot.moduleUrl).then(
      (program: Record<string, unknown>) => {
        const action = program[name];
        if (typeof action === 'function') this.action = action as () => unknown;
      },
      () => undefined,
    );
  }
}

registerAttacher('barrier', (ref) => new Barrier(1, undefined, ref as BarrierRef));
