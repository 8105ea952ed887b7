/**
 * Python's multiprocessing.Condition: waiters give up a lock (an RLock unless another lock is
 * given), sleep until notified, and take the lock back before wait returns.
 *
 * Slot words (ConditionSlot in arenaLayout.ts):
 *   0 state       (waiters without a ticket << 16) | wake tickets not yet taken. Waiters park
 *                 on this word. One word, so a waiter whose timeout passes either takes a
 *                 ticket or leaves, atomically: a notify is never lost to a timeout.
 *   1 lastWorker  who notified last, and that notify's op sequence: a woken waiter's waker.
 *   2 lastSeq
 *
 * notify(n) turns up to n ticketless waiters into ticket holders, so exactly that many wake.
 * Unlike CPython, the notifier does not wait for them to run (no handshake): a waiter that
 * starts waiting after a notify but before a woken one takes its ticket may take it instead.
 */
import { performance } from 'node:perf_hooks';
import { ConditionSlot, LockSlot, SLOT_WORDS } from './arenaLayout';
import { normaliseTimeout, parkUntil } from './blocking';
import { captureUserSite } from './callSite';
import { AssertionError } from './errors';
import { Lock } from './lock';
import { parkUntilAsync } from './parkAsync';
import { attachPrimitive, registerAttacher, SharedPrimitive, type PrimitiveOptions, type PrimitiveRef } from './primitive';
import { RLock } from './rlock';
import { threadContext } from './threadContext';

const SLEEPER = 1 << 16;
const TICKETS = SLEEPER - 1;

type ConditionRef = PrimitiveRef & { readonly lock: PrimitiveRef };

export class Condition extends SharedPrimitive {
  /** The lock that `acquire`, `release`, `withLock` and `wait` work on. */
  readonly lock: Lock | RLock;

  constructor(lock?: Lock | RLock | null, options?: PrimitiveOptions, attach?: ConditionRef) {
    super('condition', 'Condition', options, attach);
    if (attach) this.lock = attachPrimitive(attach.lock) as Lock | RLock;
    else this.lock = lock ?? new RLock({ name: `${this.name}.lock` });
  }

  get kind(): 'condition' {
    return 'condition';
  }

  acquire(block = true, timeoutMs?: number | null): boolean {
    return this.lock.acquire(block, timeoutMs);
  }

  async acquireAsync(block = true, timeoutMs?: number | null): Promise<boolean> {
    if (this.lock instanceof RLock) return this.lock.acquireAsync(block, timeoutMs);
    if (this.lock.acquire(false)) return true;
    if (!block) return false;
    return acquireLockAsync(this.lock, normaliseTimeout(timeoutMs));
  }

  release(): void {
    this.lock.release();
  }

  /** Python's `with cond:`. */
  withLock<T>(body: () => T): T {
    return this.lock.withLock(body);
  }

  hold(): Disposable {
    return this.lock.hold();
  }

  /**
   * Releases the lock (entirely, if re-entered), blocks until notified or until `timeoutMs`
   * passes, then re-acquires the lock. False on timeout, as in Python. The caller must hold
   * the lock.
   */
  wait(timeoutMs?: number | null): boolean {
    const timeout = normaliseTimeout(timeoutMs);
    const { depth, generation } = this.beginWait(timeout);
    const notified = parkUntil(this.ctx.arena, this.base + ConditionSlot.state, takeTicket(this.ctx.arena, this.base, generation), timeout);
    const woken = this.endWait(notified, generation);
    this.lock.acquire();
    if (this.lock instanceof RLock) this.lock.restoreDepth(depth);
    return woken;
  }

  /** The promise form of `wait`: the thread stays free while it waits and re-acquires. */
  async waitAsync(timeoutMs?: number | null): Promise<boolean> {
    const timeout = normaliseTimeout(timeoutMs);
    const { depth, generation } = this.beginWait(timeout);
    const notified = await parkUntilAsync(this.ctx.arena, this.base + ConditionSlot.state, takeTicket(this.ctx.arena, this.base, generation), timeout);
    const woken = this.endWait(notified, generation);
    if (this.lock instanceof RLock) {
      await this.lock.acquireAsync();
      this.lock.restoreDepth(depth);
    } else if (!this.lock.acquire(false)) {
      await acquireLockAsync(this.lock, undefined);
    }
    return woken;
  }

  /**
   * Python's `wait_for(predicate, timeout)`: waits until `predicate()` is truthy or the time is
   * up, and returns the predicate's last value. The caller must hold the lock.
   */
  waitFor<T>(predicate: () => T, timeoutMs?: number | null): T {
    const timeout = normaliseTimeout(timeoutMs);
    const deadline = timeout === undefined ? Infinity : performance.now() + timeout;
    let result = predicate();
    while (!result) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) break;
      this.wait(remaining === Infinity ? undefined : remaining);
      result = predicate();
    }
    return result;
  }

  async waitForAsync<T>(predicate: () => T, timeoutMs?: number | null): Promise<T> {
    const timeout = normaliseTimeout(timeoutMs);
    const deadline = timeout === undefined ? Infinity : performance.now() + timeout;
    let result = predicate();
    while (!result) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) break;
      await this.waitAsync(remaining === Infinity ? undefined : remaining);
      result = predicate();
    }
    return result;
  }

  /** Wakes exactly `n` waiters (fewer if fewer wait). The caller must hold the lock. */
  notify(n = 1): void {
    const { arena, tracer, workerId } = this.ctx;
    if (!ownsLock(this.lock)) throw new AssertionError(`lock is not owned (notify on Condition '${this.name}')`);
    const stateIndex = this.base + ConditionSlot.state;
    const seq = tracer.nextOpSeq();
    // The cause is published before the tickets, so a waiter that takes one sees its notifier.
    Atomics.store(arena, this.base + ConditionSlot.lastWorker, workerId);
    Atomics.store(arena, this.base + ConditionSlot.lastSeq, seq);
    let granted = 0;
    // Before the tickets: a waiter that sees a ticket also sees that it came after it began.
    if (Atomics.load(arena, stateIndex) >>> 16 > 0) Atomics.add(arena, this.base + ConditionSlot.generation, 1);
    for (;;) {
      const state = Atomics.load(arena, stateIndex);
      granted = Math.min(n, state >>> 16, TICKETS - (state & TICKETS));
      if (granted <= 0) break;
      // Each granted waiter moves from "ticketless" to "holds a ticket": -SLEEPER + 1 each.
      if (Atomics.compareExchange(arena, stateIndex, state, state - granted * SLEEPER + granted) === state) break;
    }
    tracer.op('notify', this.id, seq);
    // Wake every parked waiter, not just `granted`: a waiter that began after an earlier notify
    // may not take these tickets and must not absorb the wake-up meant for one that may.
    if (granted > 0) Atomics.notify(arena, stateIndex);
  }

  /** Python's `notify_all()`. */
  notifyAll(): void {
    this.notify(TICKETS);
  }

  /** Waiters not yet woken (Python shows this count in the Condition's repr). */
  get nWaiting(): number {
    return Atomics.load(this.ctx.arena, this.base + ConditionSlot.state) >>> 16;
  }

  override toReference(): ConditionRef {
    return { ...super.toReference(), lock: this.lock.toReference() };
  }

  /** Registers as a waiter and gives the lock up entirely; returns the RLock depth to restore. */
  private beginWait(timeout: number | undefined): { depth: number; generation: number } {
    if (!ownsLock(this.lock)) throw new AssertionError(`must acquire() condition before using wait() (Condition '${this.name}')`);
    const site = captureUserSite();
    // Registered before the lock is released: a notify made as soon as it is free counts us.
    // notify needs the lock too, so the generation read here and the registration are one step.
    const generation = Atomics.load(this.ctx.arena, this.base + ConditionSlot.generation);
    Atomics.add(this.ctx.arena, this.base + ConditionSlot.state, SLEEPER);
    let depth = 1;
    if (this.lock instanceof RLock) depth = this.lock.releaseFully();
    else this.lock.release();
    this.ctx.tracer.waitBegin('condition', this.id, timeout, site);
    return { depth, generation };
  }

  private endWait(notified: boolean, generation: number): boolean {
    const { arena, tracer } = this.ctx;
    const woken = notified || leaveOrTakeTicket(arena, this.base, generation);
    if (woken) {
      tracer.waitEnd('woken', this.id, Atomics.load(arena, this.base + ConditionSlot.lastWorker), 'notify', Atomics.load(arena, this.base + ConditionSlot.lastSeq));
    } else {
      tracer.waitEnd('timeout', this.id);
    }
    return woken;
  }
}

function takeTicket(arena: Int32Array, base: number, generation: number): (state: number) => boolean {
  const index = base + ConditionSlot.state;
  return (state) =>
    (state & TICKETS) > 0 &&
    Atomics.load(arena, base + ConditionSlot.generation) !== generation &&
    Atomics.compareExchange(arena, index, state, state - 1) === state;
}

/** After a timeout: a ticket granted (by a later notify) meanwhile is still ours; otherwise leave. */
function leaveOrTakeTicket(arena: Int32Array, base: number, generation: number): boolean {
  const index = base + ConditionSlot.state;
  for (;;) {
    const state = Atomics.load(arena, index);
    const tookTicket = (state & TICKETS) > 0 && Atomics.load(arena, base + ConditionSlot.generation) !== generation;
    if (Atomics.compareExchange(arena, index, state, tookTicket ? state - 1 : state - SLEEPER) === state) return tookTicket;
  }
}

function ownsLock(lock: Lock | RLock): boolean {
  if (lock instanceof RLock) return lock.isOwned();
  const { arena, workerId } = threadContext();
  return Atomics.load(arena, lock.id * SLOT_WORDS + LockSlot.owner) === workerId + 1;
}

/** Lock has no promise form of acquire: park on its owner word without blocking the thread. */
async function acquireLockAsync(lock: Lock, timeout: number | undefined): Promise<boolean> {
  const { arena, tracer } = threadContext();
  const base = lock.id * SLOT_WORDS;
  const deadline = timeout === undefined ? Infinity : performance.now() + timeout;
  tracer.waitBegin('lock', lock.id, timeout, captureUserSite());
  Atomics.add(arena, base + LockSlot.waiters, 1);
  let acquired = false;
  for (;;) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) break;
    const free = await parkUntilAsync(arena, base + LockSlot.owner, (owner) => owner === 0, remaining === Infinity ? undefined : remaining);
    if (!free) break;
    // Lock.acquire(false) takes it and records the acquisition as every acquire does.
    if (lock.acquire(false)) {
      acquired = true;
      break;
    }
  }
  Atomics.sub(arena, base + LockSlot.waiters, 1);
  if (acquired) tracer.waitEnd('woken', lock.id, Atomics.load(arena, base + LockSlot.lastWorker), 'release', Atomics.load(arena, base + LockSlot.lastSeq));
  else tracer.waitEnd('timeout', lock.id);
  return acquired;
}

registerAttacher('condition', (ref) => new Condition(undefined, undefined, ref as ConditionRef));
