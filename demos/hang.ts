// A hang — no cycle, no progress: a worker waits on an Event that nobody will ever set.
// Lesson: the main process joins a worker that waits forever. Nothing is "deadlocked", yet
// every live worker is blocked with no timeout; Threadline says so and shows where.
import { Event, Process, isMainProcess } from 'threadline';

export function waitForStart(start: Event): void {
  console.log('waiting for the start signal...');
  start.wait(); // nobody calls start.set()
  console.log('never printed');
}

if (isMainProcess()) {
  const start = new Event();
  const worker = new Process({ target: waitForStart, args: [start] });
  worker.start();
  worker.join();
}
