/** Python's multiprocessing.Lock: a non-recursive mutex any worker may release. */
import { LockSlot } from './arenaLayout';
import type { SourceSite } from '../model/trace';
import { normaliseTimeout, parkUntil, remainingTimeout, spinUntil } from './blocking';
import { captureUserSite } from './callSite';
import { parkUntilAsync } from './parkAsync';
import { ValueError } from './errors';
import { lockHeld, noteAcquired, siteForAcquire } from './lockOrderSites';
import { LockLike } from './lockLike';
import { registerAttacher, type PrimitiveOptions, type PrimitiveRef } from './primitive';

export class Lock extends LockLike {
  /** This worker's handle has not acquired yet (each worker has its own handle). */
  private firstAcquire = true;

  constructor(options?: PrimitiveOptions, attach?: PrimitiveRef) {
    super('lock', 'Lock', options, attach);
  }

  /** The wait predicate, made once per handle: it acquires, since the compare-exchange is what makes the lock ours. */
  private readonly take = (owner: number): boolean =>
    owner === 0 && Atomics.compareExchange(this.ctx.arena, this.base + LockSlot.owner, 0, this.ctx.workerId + 1) === 0;

  get kind(): 'lock' {
    return 'lock';
  }

  /**
   * Python's `acquire(block=True, timeout=None)`: true when acquired; false when `block` is
   * false and the lock is held, or when the timeout passes.
   */
  acquire(block = true, timeoutMs?: number | null): boolean {
    if (this.takeIfFree()) return true;
    if (!block) return false;
    const { arena, tracer } = this.ctx;
    const ownerIndex = this.base + LockSlot.owner;
    const timeout = normaliseTimeout(timeoutMs);
    const began = tracer.now();
    const take = this.take;
    if (spinUntil(arena, ownerIndex, take, timeout)) {
      // Taken while spinning: no park, so no stack capture beyond what lock-order checks need
      // (the first and the nested acquisitions), and that one capture serves both records.
      const site = siteForAcquire(this.firstAcquire);
      if (site) {
        tracer.waitBegin('lock', this.id, timeout, site, began, true);
        this.recordWoken();
        this.recordAcquire(site);
      } else this.recordSpunAcquire(timeout, began);
      return true;
    }
    // The site is captured before parking, not lazily as Event's is: written after the wake,
    // the wait's first record would lengthen the hold (the lock is ours by then) for every
    // contender queued behind it.
    const site = this.beginParkedWait(timeout, began);
    return this.endParkedWait(parkUntil(arena, ownerIndex, take, remainingTimeout(timeout, tracer.now() - began)), site);
  }

  /** The promise form of `acquire` for async code: the thread stays free while it waits. */
  async acquireAsync(block = true, timeoutMs?: number | null): Promise<boolean> {
    if (this.takeIfFree()) return true;
    if (!block) return false;
    const { arena, tracer } = this.ctx;
    const timeout = normaliseTimeout(timeoutMs);
    const site = this.beginParkedWait(timeout, tracer.now());
    return this.endParkedWait(await parkUntilAsync(arena, this.base + LockSlot.owner, this.take, timeout), site);
  }

  /** Both forms' uncontended path: a free lock is ours after one compare-exchange, with no wait to trace. */
  private takeIfFree(): boolean {
    if (!this.take(0)) return false;
    this.recordAcquire(siteForAcquire(this.firstAcquire), true);
    return true;
  }

  /** A wait that will park: its call site (a stack capture) and the count of parked waiters. */
  private beginParkedWait(timeout: number | undefined, began: number): SourceSite | undefined {
    const site = captureUserSite();
    this.ctx.tracer.waitBegin('lock', this.id, timeout, site, began);
    Atomics.add(this.ctx.arena, this.base + LockSlot.waiters, 1);
    return site;
  }

  private endParkedWait(acquired: boolean, site: SourceSite | undefined): boolean {
    Atomics.sub(this.ctx.arena, this.base + LockSlot.waiters, 1);
    if (acquired) {
      this.recordWoken();
      this.recordAcquire(this.firstAcquire || lockHeld() ? site : undefined);
    } else {
      this.ctx.tracer.waitEnd('timeout', this.id);
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
    // Plain stores: the seq-cst store of the owner (unlockAndRecord) publishes them to whoever takes the
    // lock next (it reads them after its compare-exchange).
    arena[this.base + LockSlot.lastWorker] = workerId;
    arena[this.base + LockSlot.lastSeq] = seq;
    this.unlockAndRecord(ownerIndex, this.base + LockSlot.waiters, seq);
  }

  /** The wake's cause: the release that freed the lock for us. */
  private recordWoken(): void {
    const { arena } = this.ctx;
    this.ctx.tracer.waitEnd('woken', this.id, Atomics.load(arena, this.base + LockSlot.lastWorker), 'release', Atomics.load(arena, this.base + LockSlot.lastSeq));
  }

  /**
   * The wait, its waker and the acquire it ended in, as one record: it is written while the
   * lock is ours, and every record there lengthens the hold for the contenders behind us.
   */
  private recordSpunAcquire(timeout: number | undefined, began: number): void {
    const { arena, tracer } = this.ctx;
    const by = Atomics.load(arena, this.base + LockSlot.lastWorker);
    tracer.waitOver('lock', this.id, timeout, began, 'woken', by, 'release', Atomics.load(arena, this.base + LockSlot.lastSeq), tracer.nextOpSeq());
    this.firstAcquire = false;
    noteAcquired();
  }

  /** `untimed`: nothing read the clock just before (no wait), so a site-less acquire skips it. */
  private recordAcquire(site: SourceSite | undefined, untimed = false): void {
    const { tracer } = this.ctx;
    if (untimed && !site) tracer.opUntimed('acquire', this.id, tracer.nextOpSeq());
    else tracer.op('acquire', this.id, tracer.nextOpSeq(), site);
    this.firstAcquire = false;
    noteAcquired();
  }

  /** True while some worker holds the lock. */
  isLocked(): boolean {
    return Atomics.load(this.ctx.arena, this.base + LockSlot.owner) !== 0;
  }
}

registerAttacher('lock', (ref) => new Lock(undefined, ref));
