// Pool figures in one run: start + first result, 100 k tiny tasks at chunksize 1 (map and
// imap), map at the default chunksize, and applyAsync(f).get() one at a time.
import { Pool, isMainProcess } from 'threadline';

const TASKS = 100_000;
const ROUND_TRIPS = 2_000;

export function square(x: number): number {
  return x * x;
}

if (isMainProcess()) {
  const items = Array.from({ length: TASKS }, (_, i) => i);
  let start = performance.now();
  const pool = new Pool(2);
  pool.apply(square, [1]);
  console.log(`start_first_ms=${performance.now() - start}`);

  pool.map(square, items.slice(0, 5_000), 1); // warm up both workers
  start = performance.now();
  pool.map(square, items, 1);
  console.log(`map1_tasks_per_s=${TASKS / ((performance.now() - start) / 1000)}`);

  start = performance.now();
  for (const _ of pool.imap(square, items, 1));
  console.log(`imap1_tasks_per_s=${TASKS / ((performance.now() - start) / 1000)}`);

  // The same warm-up as the Python baseline's before its timed map: 5 k items, default chunksize.
  pool.map(square, items.slice(0, 5_000));
  start = performance.now();
  pool.map(square, items);
  console.log(`map_items_per_s=${TASKS / ((performance.now() - start) / 1000)}`);

  for (let i = 0; i < 200; i++) pool.applyAsync(square, [i]).get();
  start = performance.now();
  for (let i = 0; i < ROUND_TRIPS; i++) pool.applyAsync(square, [i]).get();
  console.log(`apply_round_trip_us=${((performance.now() - start) * 1000) / ROUND_TRIPS}`);
  pool.terminate();
}
