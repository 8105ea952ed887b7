// Process start → join of an empty target, one at a time.
import { Process, isMainProcess } from 'threadline';

export function empty(): void {}

if (isMainProcess()) {
  const samples: number[] = [];
  for (let i = 0; i < 8; i++) {
    const start = performance.now();
    const p = new Process({ target: empty });
    p.start();
    p.join();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  console.log(`start_join_ms=${samples[4]}`);
}
