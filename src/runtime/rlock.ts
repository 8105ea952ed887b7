/**
 * Python's multiprocessing.RLock: a re-entrant mutex. The owning worker may acquire it again;
 * it is free once released as many times as acquired, and only the owner may release it.
 *
 * Slot words (RLockSlot in arenaLayout.ts):
 *   0 owner       0 when free, else owner worker id + 1 (as Lock: detectors read both alike).
 *                 Waiters park on this word.
 *   1 waiters     workers parked on `owner`, so an uncontended release skips the notify.
 *   2 lastWorker  who released it last, and that release's op sequence: a woken waiter's
 *   3 lastSeq     waker.
 *   4 count       recursion depth, written only by the owner.
 *
 * Only ownership changes are traced (the outermost acquire and the final release): a
 * re-entrant acquire changes nobody's view of who holds what.
 */
import { RLockSlot } from './arenaLayout';
import { normaliseTimeout, parkUntil } from './blocking';
import { captureUserSite } from './callSite';
import { AssertionError } from './errors';
import { noteAcquired, siteForAcquire } from './lockOrderSites';
import { parkUntilAsync } from './parkAsync';
import { LockLike } from './lockLike';
import { registerAttacher, type PrimitiveOptions, type PrimitiveRef } from './primitive';

export class RLock extends LockLike {
  /** This worker's handle has not acquired yet (lock-order checks want one site per lock). */
  private firstAcquire = true;

  constructor(options?: PrimitiveOptions, attach?: PrimitiveRef) {
    super('rlock', 'RLock', options, attach);
  }

  get kind(): 'rlock' {
    return 'rlock';
  }

  /**
   * Python's `acquire(block=True, timeout=None)`: true when acquired (at once if this worker
   * already owns it); false when `block` is false and another worker holds it, or on timeout.
   */
  acquire(block = true, timeoutMs?: number | null): boolean {
    if (this.tryAcquire()) return true;
    if (!block) return false;
    const timeout = normaliseTimeout(timeoutMs);
    const { arena } = this.ctx;
    this.beginWait(timeout);
    const ownerIndex = this.base + RLockSlot.owner;
    const me = this.ctx.workerId + 1;
    // The compare-exchange inside the predicate is what makes the lock ours.
    const acquired = parkUntil(arena, ownerIndex, (owner) => owner === 0 && Atomics.compareExchange(arena, ownerIndex, 0, me) === 0, timeout);
    this.endWait(acquired);
    return acquired;
  }

  /** The promise form of `acquire` for async code: the thread stays free while it waits. */
  async acquireAsync(block = true, timeoutMs?: number | null): Promise<boolean> {
    if (this.tryAcquire()) return true;
    if (!block) return false;
    const timeout = normaliseTimeout(timeoutMs);
    const { arena } = this.ctx;
    this.beginWait(timeout);
    const ownerIndex = this.base + RLockSlot.owner;
    const me = this.ctx.workerId + 1;
    const acquired = await parkUntilAsync(arena, ownerIndex, (owner) => owner === 0 && Atomics.compareExchange(arena, ownerIndex, 0, me) === 0, timeout);
    this.endWait(acquired);
    return acquired;
  }

  /** Releases one level; the lock is free after the last. Only the owner may release, as in Python. */
  release(): void {
    const { arena } = this.ctx;
    if (Atomics.load(arena, this.base + RLockSlot.owner) !== this.ctx.workerId + 1) {
      throw new AssertionError(`attempt to release recursive lock not owned by thread (RLock '${this.name}')`);
    }
    const countIndex = this.base + RLockSlot.count;
    const depth = Atomics.load(arena, countIndex);
    if (depth > 1) {
      Atomics.store(arena, countIndex, depth - 1);
      return;
    }
    this.releaseOwnership();
  }

  /** True while this worker owns the lock (Python's private `_is_mine`). */
  isOwned(): boolean {
    return Atomics.load(this.ctx.arena, this.base + RLockSlot.owner) === this.ctx.workerId + 1;
  }

  /** The recursion depth, 0 when free. */
  get recursionCount(): number {
    return Atomics.load(this.ctx.arena, this.base + RLockSlot.owner) === 0 ? 0 : Atomics.load(this.ctx.arena, this.base + RLockSlot.count);
  }

  /**
   * Condition.wait's release: gives the lock up entirely, whatever the depth, and returns the
   * depth so `restoreDepth` can put it back after re-acquiring.
   */
  releaseFully(): number {
    if (!this.isOwned()) throw new AssertionError('must acquire() condition before using wait()');
    const depth = Atomics.load(this.ctx.arena, this.base + RLockSlot.count);
    this.releaseOwnership();
    return depth;
  }

  restoreDepth(depth: number): void {
    Atomics.store(this.ctx.arena, this.base + RLockSlot.count, depth);
  }

  private tryAcquire(): boolean {
    const { arena, workerId } = this.ctx;
    const ownerIndex = this.base + RLockSlot.owner;
    const me = workerId + 1;
    const previous = Atomics.compareExchange(arena, ownerIndex, 0, me);
    if (previous === me) {
      Atomics.add(arena, this.base + RLockSlot.count, 1);
      return true;
    }
    if (previous !== 0) return false;
    this.recordAcquire();
    return true;
  }

  private recordAcquire(): void {
    const { arena, tracer } = this.ctx;
    Atomics.store(arena, this.base + RLockSlot.count, 1);
    // Untimed without a site: after a wait, the wait's end has just read the clock.
    const site = siteForAcquire(this.firstAcquire);
    if (site) tracer.op('acquire', this.id, tracer.nextOpSeq(), site);
    else tracer.opUntimed('acquire', this.id, tracer.nextOpSeq());
    this.firstAcquire = false;
    noteAcquired();
  }

  private releaseOwnership(): void {
    const { arena, tracer, workerId } = this.ctx;
    const ownerIndex = this.base + RLockSlot.owner;
    const seq = tracer.nextOpSeq();
    Atomics.store(arena, this.base + RLockSlot.count, 0);
    // The cause is published before the unlock, so a waiter that gets the lock sees its releaser.
    Atomics.store(arena, this.base + RLockSlot.lastWorker, workerId);
    Atomics.store(arena, this.base + RLockSlot.lastSeq, seq);
    this.unlockAndRecord(ownerIndex, this.base + RLockSlot.waiters, seq);
  }

  private beginWait(timeout: number | undefined): void {
    this.ctx.tracer.waitBegin('rlock', this.id, timeout, captureUserSite());
    Atomics.add(this.ctx.arena, this.base + RLockSlot.waiters, 1);
  }

  private endWait(acquired: boolean): void {
    const { arena, tracer } = this.ctx;
    Atomics.sub(arena, this.base + RLockSlot.waiters, 1);
    if (acquired) {
      tracer.waitEnd('woken', this.id, Atomics.load(arena, this.base + RLockSlot.lastWorker), 'release', Atomics.load(arena, this.base + RLockSlot.lastSeq));
      this.recordAcquire();
    } else {
      tracer.waitEnd('timeout', this.id);
    }
  }
}

registerAttacher('rlock', (ref) => new RLock(undefined, ref));
