/**
 * What Lock, RLock and Semaphore share beyond acquire/release: Python's `with lock:` as a
 * scoped call and as a Disposable, written once.
 */
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
}
