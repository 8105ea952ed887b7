// Pins the calling thread (not its whole process, as `taskset -c` on a command does) to one
// CPU, for the wake figures "one thread on each CPU": /proc/thread-self names the thread's id.
// A no-op unless BENCH_PIN_THREADS lists CPUs ("0,1": the first thread on 0, the second on 1).
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';

/** Pins this thread to the `index`th CPU of BENCH_PIN_THREADS; false when not asked or not possible. */
export function pinThisThread(index) {
  const cpu = process.env.BENCH_PIN_THREADS?.split(',')[index];
  if (cpu === undefined) return false;
  try {
    const threadId = readlinkSync('/proc/thread-self').split('/').pop();
    execFileSync('taskset', ['-pc', cpu, threadId], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
