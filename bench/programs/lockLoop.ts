// Lock costs: an uncontended loop in one worker, then two workers contending for one lock
// (BENCH_LOCK_PART=uncontended or contended runs only that part).
import { writeSync } from 'node:fs';
import { Lock, Process, isMainProcess } from 'threadline';

const ROUNDS = 500_000;
const part = process.env.BENCH_LOCK_PART;
/**
 * Straight to the process's stdout, not through console: the loop fills this worker's trace
 * ring faster than the host drains it, and console output waits at most 1 s for room.
 */
const report = (line: string): void => void writeSync(1, `${line}\n`);

export function contend(lock: Lock, rounds: number): void {
  for (let i = 0; i < rounds; i++) {
    lock.acquire();
    lock.release();
  }
}

if (isMainProcess()) {
  const lock = new Lock();
  contend(lock, 10_000); // warm up
  if (part !== 'contended') {
    const start = performance.now();
    contend(lock, 1_000_000);
    report(`uncontended_ns=${((performance.now() - start) * 1e6) / 1_000_000}`);
  }
  if (part !== 'uncontended') {
    const workers = [0, 1].map(() => new Process({ target: contend, args: [lock, ROUNDS] }));
    for (const w of workers) w.start();
    const start = performance.now();
    for (const w of workers) w.join();
    report(`contended_ms=${performance.now() - start}`);
  }
}
