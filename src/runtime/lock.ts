/** Python's multiprocessing.Lock: a non-recursive mutex any worker may release. */
import { LockSlot } from './arenaLayout';
import { normaliseTimeout, parkUntil } from './blocking';
import { captureUserSite } from './callSite';
import { ValueError } from './errors';
import { noteAcquired, noteReleased, siteForAcquire } from './lockOrderSites';
import { LockLike } from './lockLike';
import { registerAttacher, type PrimitiveOptions, type PrimitiveRef } from './primitive';

export class Lock extends LockLike {
  /** This worker's handle has not acquired yet (each worker has its own handle). */
  private firstAcquire = true;

  constructor(options?: PrimitiveOptions, attach?: PrimitiveRef) {
    super('lock', 'Lock', options, attach);
  }

  get kind(): 'lock' {
    return 'lock';
  }

  /**
   * Python's `acquire(block=True, timeout=None)`: true when acquired; false when `block` is
   * false and the lock is held, or when the timeout passes.
   */
  acquire(block = true, timeoutMs?: number | null): boolean {
    const { arena, tracer, workerId } = this.ctx;
    const ownerIndex = this.base + LockSlot.owner;
    const me = workerId + 1;
    if (Atomics.compareExchange(arena, ownerIndex, 0, me) === 0) {
      this.recordAcquire();
      return true;
    }
    if (!block) return false;
    const timeout = normaliseTimeout(timeoutMs);
    tracer.waitBegin('lock', this.id, timeout, captureUserSite());
    Atomics.add(arena, this.base + LockSlot.waiters, 1);
    // Acquire inside the predicate: the compare-exchange is what makes the lock ours.
    const acquired = parkUntil(arena, ownerIndex, (owner) => owner === 0 && Atomics.compareExchange(arena, ownerIndex, 0, me) === 0, timeout);
    Atomics.sub(arena, this.base + LockSlot.waiters, 1);
    if (acquired) {
      tracer.waitEnd('woken', this.id, Atomics.load(arena, this.base + LockSlot.lastWorker), 'release', Atomics.load(arena, this.base + LockSlot.lastSeq));
      this.recordAcquire();
    } else {
      tracer.waitEnd('timeout', this.id);
    }
    return acquired;
  }

  /** Releases the lock; as in Python, any worker may release it, but not when it is free. */
  release(): void {
    const { arena, tracer, workerId } = this.ctx;
    const ownerIndex = this.base + LockSlot.owner;
    if (Atomics.load(arena, ownerIndex) === 0) {
      throw new ValueError(`release of an unlocked Lock '${this.name}' (semaphore or lock released too many times)`);
    }
    const seq = tracer.nextOpSeq();
    Atomics.store(arena, this.base + LockSlot.lastWorker, workerId);
    Atomics.store(arena, this.base + LockSlot.lastSeq, seq);
    Atomics.store(arena, ownerIndex, 0);
    // Recorded after the unlock so the record's cost is outside the critical section.
    tracer.op('release', this.id, seq);
    noteReleased();
    if (Atomics.load(arena, this.base + LockSlot.waiters) > 0) Atomics.notify(arena, ownerIndex, 1);
  }

  private recordAcquire(): void {
    const { tracer } = this.ctx;
    tracer.op('acquire', this.id, tracer.nextOpSeq(), siteForAcquire(this.firstAcquire));
    this.firstAcquire = false;
    noteAcquired();
  }

  /** True while some worker holds the lock. */
  isLocked(): boolean {
    return Atomics.load(this.ctx.arena, this.base + LockSlot.owner) !== 0;
  }
}

registerAttacher('lock', (ref) => new Lock(undefined, ref));
