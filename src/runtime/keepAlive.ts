/**
 * A pending Atomics.waitAsync does not keep Node's event loop alive: a worker whose only work
 * left is such a wait would exit in the middle of it. A ref'd timer for the wait's duration
 * keeps the worker running until the wait settles (slow path only: one timer per wait).
 */
export async function keepAlive<T>(waiting: Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 1 << 30);
  try {
    return await waiting;
  } finally {
    clearInterval(timer);
  }
}
