// Baseline: piscina with the same thread count (2) and the same tiny task, measured the way
// bench/programs/poolTasks.ts measures Threadline's Pool: start + first result, 100 k tasks
// submitted at once (piscina's own chunk of one), and one task at a time.
import { Piscina } from 'piscina';

const TASKS = 100_000;
const ROUND_TRIPS = 2_000;
const filename = new URL('./square.mjs', import.meta.url).href;

let start = performance.now();
const pool = new Piscina({ filename, minThreads: 2, maxThreads: 2 });
await pool.run(1);
console.log(`start_first_ms=${performance.now() - start}`);

const items = Array.from({ length: TASKS }, (_, i) => i);
await Promise.all(items.slice(0, 5_000).map((x) => pool.run(x)));
start = performance.now();
await Promise.all(items.map((x) => pool.run(x)));
console.log(`tasks_per_s=${TASKS / ((performance.now() - start) / 1000)}`);

for (let i = 0; i < 200; i++) await pool.run(i);
start = performance.now();
for (let i = 0; i < ROUND_TRIPS; i++) await pool.run(i);
console.log(`round_trip_us=${((performance.now() - start) * 1000) / ROUND_TRIPS}`);
await pool.destroy();
