// Baseline: a raw `new Worker` start → exit of an empty module, one at a time.
import { Worker } from 'node:worker_threads';

const samples = [];
for (let i = 0; i < 8; i++) {
  const start = performance.now();
  await new Promise((resolve) => new Worker('', { eval: true }).on('exit', resolve));
  samples.push(performance.now() - start);
}
samples.sort((a, b) => a - b);
console.log(`start_join_ms=${samples[4]}`);
