// Lock costs: an uncontended loop in one worker, then two workers contending for one lock
// (BENCH_LOCK_PART=uncontended or contended runs only that part).
import { writeSync } from 'node:fs';
import { Lock, Process, isMainProcess, sleep } from 'threadline';

const ROUNDS = 500_000;
/**
 * The uncontended loop is timed at steady state, as the bare mutex baseline is: after 210 k
 * untimed ops (the 10 k both parts run, then 200 k more) and a pause for the optimizing compiles they started. After only 10 k, the timed
 * 1 M ops included the tier-up: 120–141 ns a pair traced, then 82–86 ns in the next rounds of
 * the same run (untraced 50–65, then 46–57).
 */
const UNCONTENDED_WARMUP = 200_000;
const SETTLE_MS = 100;
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
    contend(lock, UNCONTENDED_WARMUP);
    sleep(SETTLE_MS);
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
