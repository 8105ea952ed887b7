/**
 * Python's multiprocessing.Semaphore and BoundedSemaphore: a counter that acquire takes one
 * from (blocking at 0) and release gives one back to, from any worker.
 *
 * Slot words (SemaphoreSlot in arenaLayout.ts):
 *   0 value       the count. Acquirers park on this word while it is 0.
 *   1 waiters     workers parked on `value`, so an uncontended release skips the notify.
 *   2 lastWorker  who released last, and that release's op sequence: a woken acquirer's
 *   3 lastSeq     waker (with several releases in flight, one of them).
 *   4 max         BoundedSemaphore's bound (its initial value); -1 for a plain Semaphore.
 */
import { SemaphoreSlot } from './arenaLayout';
import { normaliseTimeout, parkUntil } from './blocking';
import { captureUserSite } from './callSite';
import { ValueError } from './errors';
import { parkUntilAsync } from './parkAsync';
import { LockLike } from './lockLike';
import { registerAttacher, type PrimitiveOptions, type PrimitiveRef } from './primitive';

const UNBOUNDED = -1;

export class Semaphore extends LockLike {
  constructor(value = 1, options?: PrimitiveOptions, attach?: PrimitiveRef) {
    if (!attach && (!Number.isInteger(value) || value < 0)) {
      throw new ValueError(`semaphore initial value must be an integer >= 0 (got ${value})`);
    }
    const bounded = new.target === BoundedSemaphore;
    super(bounded ? 'boundedSemaphore' : 'semaphore', bounded ? 'BoundedSemaphore' : 'Semaphore', options, attach);
    if (!attach) {
      Atomics.store(this.ctx.arena, this.base + SemaphoreSlot.value, value);
      Atomics.store(this.ctx.arena, this.base + SemaphoreSlot.max, bounded ? value : UNBOUNDED);
    }
  }

  get kind(): 'semaphore' | 'boundedSemaphore' {
    return 'semaphore';
  }

  /**
   * Python's `acquire(block=True, timeout=None)`: takes one unit; true when taken, false when
   * `block` is false and the value is 0, or when the timeout passes.
   */
  acquire(block = true, timeoutMs?: number | null): boolean {
    if (this.tryTake()) return this.recordAcquire();
    if (!block) return false;
    const timeout = normaliseTimeout(timeoutMs);
    this.beginWait(timeout);
    const taken = parkUntil(this.ctx.arena, this.base + SemaphoreSlot.value, (value) => value > 0 && this.tryTake(), timeout);
    return this.endWait(taken);
  }

  /** The promise form of `acquire` for async code: the thread stays free while it waits. */
  async acquireAsync(block = true, timeoutMs?: number | null): Promise<boolean> {
    if (this.tryTake()) return this.recordAcquire();
    if (!block) return false;
    const timeout = normaliseTimeout(timeoutMs);
    this.beginWait(timeout);
    const taken = await parkUntilAsync(this.ctx.arena, this.base + SemaphoreSlot.value, (value) => value > 0 && this.tryTake(), timeout);
    return this.endWait(taken);
  }

  /** Gives one unit back; any worker may. A BoundedSemaphore refuses to exceed its initial value. */
  release(): void {
    const { arena, tracer, workerId } = this.ctx;
    const valueIndex = this.base + SemaphoreSlot.value;
    const max = Atomics.load(arena, this.base + SemaphoreSlot.max);
    const seq = tracer.nextOpSeq();
    const at = tracer.stamp();
    for (;;) {
      const value = Atomics.load(arena, valueIndex);
      if (max !== UNBOUNDED && value >= max) {
        throw new ValueError(`semaphore or lock released too many times (BoundedSemaphore '${this.name}' is at its initial value ${max})`);
      }
      // The cause is published before the unit, so an acquirer that takes it sees its releaser.
      Atomics.store(arena, this.base + SemaphoreSlot.lastWorker, workerId);
      Atomics.store(arena, this.base + SemaphoreSlot.lastSeq, seq);
      if (Atomics.compareExchange(arena, valueIndex, value, value + 1) === value) break;
    }
    if (Atomics.load(arena, this.base + SemaphoreSlot.waiters) > 0) Atomics.notify(arena, valueIndex, 1);
    tracer.op('release', this.id, seq, undefined, at);
  }

  /** Python's `get_value()`. */
  getValue(): number {
    return Atomics.load(this.ctx.arena, this.base + SemaphoreSlot.value);
  }

  private tryTake(): boolean {
    const { arena } = this.ctx;
    const valueIndex = this.base + SemaphoreSlot.value;
    for (;;) {
      const value = Atomics.load(arena, valueIndex);
      if (value <= 0) return false;
      if (Atomics.compareExchange(arena, valueIndex, value, value - 1) === value) return true;
    }
  }

  private recordAcquire(): true {
    const { tracer } = this.ctx;
    tracer.op('acquire', this.id, tracer.nextOpSeq());
    return true;
  }

  private beginWait(timeout: number | undefined): void {
    this.ctx.tracer.waitBegin('semaphore', this.id, timeout, captureUserSite());
    Atomics.add(this.ctx.arena, this.base + SemaphoreSlot.waiters, 1);
  }

  private endWait(taken: boolean): boolean {
    const { arena, tracer } = this.ctx;
    Atomics.sub(arena, this.base + SemaphoreSlot.waiters, 1);
    if (!taken) {
      tracer.waitEnd('timeout', this.id);
      return false;
    }
    tracer.waitEnd('woken', this.id, Atomics.load(arena, this.base + SemaphoreSlot.lastWorker), 'release', Atomics.load(arena, this.base + SemaphoreSlot.lastSeq));
    return this.recordAcquire();
  }
}

/** A Semaphore whose release raises ValueError rather than exceed the initial value. */
export class BoundedSemaphore extends Semaphore {
  override get kind(): 'boundedSemaphore' {
    return 'boundedSemaphore';
  }
}

registerAttacher('semaphore', (ref) => new Semaphore(0, undefined, ref));
registerAttacher('boundedSemaphore', (ref) => new BoundedSemaphore(0, undefined, ref));
