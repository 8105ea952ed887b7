// Scale: PROCESSES processes in waves of WAVE, each taking its own Lock ROUNDS times (two trace
// records per round), so the run makes about PROCESSES × ROUNDS × 2 records in all.
import { Lock, Process, isMainProcess } from 'threadline';

const PROCESSES = Number(process.env.THREADLINE_BENCH_PROCESSES ?? 200);
const ROUNDS = Number(process.env.THREADLINE_BENCH_ROUNDS ?? 2500);
const WAVE = 20;

export function churn(lock: Lock, rounds: number): void {
  for (let i = 0; i < rounds; i++) {
    lock.acquire();
    lock.release();
  }
}

if (isMainProcess()) {
  const started = performance.now();
  for (let first = 0; first < PROCESSES; first += WAVE) {
    const wave = Array.from({ length: Math.min(WAVE, PROCESSES - first) }, () => new Process({ target: churn, args: [new Lock(), ROUNDS] }));
    for (const p of wave) p.start();
    for (const p of wave) p.join();
  }
  console.log(`processes=${PROCESSES}`);
  console.log(`wall_ms=${performance.now() - started}`);
}
