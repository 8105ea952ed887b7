/**
 * Python's exception types, by the names Python programs catch. Each is a real Error subclass
 * whose `name` is the Python name, so `instanceof` and printed tracebacks both read naturally.
 */
function named(name: string) {
  return class extends Error {
    constructor(message?: string, options?: ErrorOptions) {
      super(message, options);
      this.name = name;
    }
  };
}

/** A blocking call's timeout passed (Python's multiprocessing.TimeoutError). */
export class TimeoutError extends named('TimeoutError') {}
/** A Barrier was aborted or reset while workers waited (threading.BrokenBarrierError). */
export class BrokenBarrierError extends named('BrokenBarrierError') {}
/** queue.Empty: a non-blocking or timed get found nothing. */
export class Empty extends named('Empty') {}
/** queue.Full: a non-blocking or timed put found no room. */
export class Full extends named('Full') {}
export class ValueError extends named('ValueError') {}
export class RuntimeError extends named('RuntimeError') {}
export class AssertionError extends named('AssertionError') {}
/** The other end of a Pipe was closed with nothing left to receive. */
export class EOFError extends named('EOFError') {}
export class ProcessError extends named('ProcessError') {}
/** A Python name Threadline recognises but cannot provide; the message says what to do instead. */
export class NotImplementedError extends named('NotImplementedError') {}
