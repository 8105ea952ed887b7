/** Python's time.sleep: really blocks the calling thread, and is traced as sleeping. */
import { performance } from 'node:perf_hooks';
import { captureUserSite } from './callSite';
import { threadContext } from './threadContext';

let sleepWord: Int32Array | undefined;

export function sleep(ms: number): void {
  if (!(ms >= 0)) throw new RangeError(`ValueError: sleep length must be non-negative, got ${ms}`);
  const { tracer } = threadContext();
  tracer.waitBegin('sleep', undefined, ms, captureUserSite());
  // A private word nobody notifies: Atomics.wait is the only way to block a thread in place.
  sleepWord ??= new Int32Array(new SharedArrayBuffer(4));
  const deadline = performance.now() + ms;
  for (let remaining = ms; remaining > 0; remaining = deadline - performance.now()) {
    Atomics.wait(sleepWord, 0, 0, remaining);
  }
  tracer.waitEnd('timeout', undefined);
}

/** The non-blocking form for async code. */
export async function sleepAsync(ms: number): Promise<void> {
  const { tracer } = threadContext();
  tracer.waitBegin('sleep', undefined, ms, captureUserSite());
  await new Promise((resolve) => setTimeout(resolve, ms));
  tracer.waitEnd('timeout', undefined);
}
