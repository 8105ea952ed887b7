// Lock costs: an uncontended loop in one worker, then two workers contending for one lock.
import { Lock, Process, isMainProcess } from 'threadline';

const ROUNDS = 500_000;

export function contend(lock: Lock, rounds: number): void {
  for (let i = 0; i < rounds; i++) {
    lock.acquire();
    lock.release();
  }
}

if (isMainProcess()) {
  const lock = new Lock();
  contend(lock, 10_000); // warm up
  let start = performance.now();
  contend(lock, 1_000_000);
  console.log(`uncontended_ns=${((performance.now() - start) * 1e6) / 1_000_000}`);
  const workers = [0, 1].map(() => new Process({ target: contend, args: [lock, ROUNDS] }));
  for (const w of workers) w.start();
  start = performance.now();
  for (const w of workers) w.join();
  console.log(`contended_ms=${performance.now() - start}`);
}
