// Host ingest: 8 workers write trace records as fast as they can for 2 s (each Event.clear()
// is one record and nothing else). Each worker counts what it attempted; the run's report
// says how many records the host drained and how many were dropped.
import { Barrier, Event, Process, RawArray, SharedArray, isMainProcess } from 'threadline';

const WORKERS = 8;
const FLOOD_MS = 2_000;

export function flood(ready: Barrier, attempted: SharedArray, slot: number): void {
  const mine = new Event({ name: `flood-${slot}` });
  ready.wait();
  const until = performance.now() + FLOOD_MS;
  let count = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 256; i++) mine.clear();
    count += 256;
  }
  attempted[slot] = count;
}

if (isMainProcess()) {
  // Everyone starts together once all eight are running, so the floods overlap fully.
  const ready = new Barrier(WORKERS + 1);
  const attempted = RawArray('d', WORKERS);
  const workers = Array.from({ length: WORKERS }, (_, slot) => new Process({ target: flood, args: [ready, attempted, slot] }));
  for (const w of workers) w.start();
  ready.wait();
  const start = performance.now();
  for (const w of workers) w.join();
  const flooded = performance.now() - start;
  console.log(`attempted=${attempted.toArray().reduce((a, b) => a + b, 0)}`);
  console.log(`flood_ms=${flooded}`);
}
