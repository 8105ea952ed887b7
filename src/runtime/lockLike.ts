/**
 * What Lock, RLock and Semaphore share beyond acquire/release: Python's `with lock:` as a
 * scoped call and as a Disposable, written once; and the end of a Lock's or RLock's release.
 */
import { noteReleased } from './lockOrderSites';
import { SharedPrimitive } from './primitive';

export abstract class LockLike extends SharedPrimitive {
  abstract acquire(block?: boolean, timeoutMs?: number | null): boolean;
  abstract release(): void;

  /** Python's `with lock:` — runs `body` holding the lock and releases it however body ends. */
  withLock<T>(body: () => T): T {
    this.acquire();
    try {
      return body();
    } finally {
      this.release();
    }
  }

  /** `using held = lock.hold()` where explicit resource management is available. */
  hold(): Disposable {
    this.acquire();
    return { [Symbol.dispose]: () => this.release() };
  }

  /**
   * A Lock's or RLock's release once its cause is published: frees the owner word, wakes one
   * parked waiter, and records the release (op `seq`) so that no acquire it lets through comes
   * before it on the trace.
   */
  protected unlockAndRecord(ownerIndex: number, waitersIndex: number, seq: number): void {
    const { arena, tracer } = this.ctx;
    const at = tracer.releaseStamp(Atomics.load(arena, waitersIndex) > 0);
    // Untimed (nobody parked), the release is recorded before the unlock: the reader settles its
    // time to no earlier than its previous drain, and a waiter that takes the lock without
    // parking reads the clock after the unlock, so the record must be out by then or the wake
    // would come first on the trace (a releaser descheduled between the two put it up to a
    // drain early).
    if (at === undefined) tracer.release(this.id, seq, undefined);
    Atomics.store(arena, ownerIndex, 0);
    noteReleased();
    if (Atomics.load(arena, waitersIndex) > 0) Atomics.notify(arena, ownerIndex, 1);
    // Timed, it is recorded after the unlock and the wake, so its cost is outside the critical section.
    if (at !== undefined) tracer.release(this.id, seq, at);
  }
}
