/** Python's multiprocessing.Event: a flag that workers wait on until another sets it. */
import { EventSlot } from './arenaLayout';
import { normaliseTimeout, notifyParked, parkBriefly, parkUntil, remainingTimeout, spinUntil } from './blocking';
import { captureUserSite } from './callSite';
import { parkUntilAsync } from './parkAsync';
import { registerAttacher, SharedPrimitive, type PrimitiveOptions, type PrimitiveRef } from './primitive';

export class Event extends SharedPrimitive {
  constructor(options?: PrimitiveOptions, attach?: PrimitiveRef) {
    super('event', 'Event', options, attach);
  }

  get kind(): 'event' {
    return 'event';
  }

  isSet(): boolean {
    return Atomics.load(this.ctx.arena, this.base + EventSlot.flag) === 1;
  }

  /** Sets the flag and wakes every waiter. */
  set(): void {
    const { arena, tracer, workerId } = this.ctx;
    const seq = tracer.nextOpSeq();
    // The cause is published before the flag, so a waiter that sees the flag sees its setter.
    Atomics.store(arena, this.base + EventSlot.lastWorker, workerId);
    Atomics.store(arena, this.base + EventSlot.lastSeq, seq);
    const at = tracer.stamp();
    Atomics.store(arena, this.base + EventSlot.flag, 1);
    // A waiter counts itself before it checks the flag and parks, and we read the count after
    // storing the flag (both sequentially consistent): a zero means nobody can be parked, and
    // the notify, a system call, is skipped.
    if (Atomics.load(arena, this.base + EventSlot.waiters) > 0) notifyParked(arena, this.base + EventSlot.flag);
    tracer.op('set', this.id, seq, undefined, at);
  }

  clear(): void {
    const { arena, tracer } = this.ctx;
    Atomics.store(arena, this.base + EventSlot.flag, 0);
    tracer.op('clear', this.id, tracer.nextOpSeq());
  }

  /**
   * Blocks until the flag is set or `timeoutMs` passes. Returns the flag, as Python does:
   * true when set, false on timeout.
   */
  wait(timeoutMs?: number | null): boolean {
    const { arena, tracer } = this.ctx;
    const flagIndex = this.base + EventSlot.flag;
    if (Atomics.load(arena, flagIndex) === 1) return true;
    const timeout = normaliseTimeout(timeoutMs);
    const began = tracer.now();
    // A set that comes while we spin, or soon after we park, costs no stack capture: the wait
    // is traced (with its cause) but without a site, which only a worker that stays blocked needs.
    let woken = spinUntil(arena, flagIndex, flagIsSet, timeout);
    // A wait that is over before its first record is written is traced in one record.
    let over = woken;
    if (!woken) {
      Atomics.add(arena, this.base + EventSlot.waiters, 1);
      const brief = parkBriefly(arena, flagIndex, flagIsSet, remainingTimeout(timeout, tracer.now() - began));
      if (brief === 'longer') {
        tracer.waitBegin('event', this.id, timeout, captureUserSite(), began);
        woken = parkUntil(arena, flagIndex, flagIsSet, remainingTimeout(timeout, tracer.now() - began));
      } else {
        over = true;
        woken = brief === 'woken';
      }
      Atomics.sub(arena, this.base + EventSlot.waiters, 1);
    }
    if (!woken) {
      if (over) tracer.waitOver('event', this.id, timeout, began, 'timeout');
      else tracer.waitEnd('timeout', this.id);
      return false;
    }
    const by = Atomics.load(arena, this.base + EventSlot.lastWorker);
    const seq = Atomics.load(arena, this.base + EventSlot.lastSeq);
    if (over) tracer.waitOver('event', this.id, timeout, began, 'woken', by, 'set', seq);
    else tracer.waitEnd('woken', this.id, by, 'set', seq);
    return true;
  }

  /** The promise form for async code: resolves like `wait` without blocking the thread. */
  async waitAsync(timeoutMs?: number | null): Promise<boolean> {
    const { arena, tracer } = this.ctx;
    const flagIndex = this.base + EventSlot.flag;
    if (Atomics.load(arena, flagIndex) === 1) return true;
    const timeout = normaliseTimeout(timeoutMs);
    tracer.waitBegin('event', this.id, timeout, captureUserSite());
    Atomics.add(arena, this.base + EventSlot.waiters, 1);
    // parkUntilAsync keeps the worker alive while it waits: a program whose only work left is
    // awaiting this event must not end in the middle of it.
    const woken = await parkUntilAsync(arena, flagIndex, flagIsSet, timeout);
    Atomics.sub(arena, this.base + EventSlot.waiters, 1);
    if (woken) {
      tracer.waitEnd('woken', this.id, Atomics.load(arena, this.base + EventSlot.lastWorker), 'set', Atomics.load(arena, this.base + EventSlot.lastSeq));
    } else {
      tracer.waitEnd('timeout', this.id);
    }
    return woken;
  }
}

const flagIsSet = (flag: number): boolean => flag === 1;

registerAttacher('event', (ref) => new Event(undefined, ref));
