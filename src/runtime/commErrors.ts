/**
 * Python exception types met by queues, pipes and manager proxies, beside errors.ts's (kept in
 * their own file while errors.ts is edited concurrently; they may move there).
 */
function named(name: string) {
  return class extends Error {
    constructor(message?: string, options?: ErrorOptions) {
      super(message, options);
      this.name = name;
    }
  };
}

/** A handle was used after close, or in a direction it cannot go (Python's OSError). */
export class OSError extends named('OSError') {}
/** send() on a connection whose other end was closed. */
export class BrokenPipeError extends named('BrokenPipeError') {}
/** A manager list index out of range. */
export class IndexError extends named('IndexError') {}
/** A manager dict key that is not there. */
export class KeyError extends named('KeyError') {}
