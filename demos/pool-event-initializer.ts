// Pool event initializer — seed 001, "Use a Global Variable to Share an Event in the Process
// Pool", in its spawn-safe form.
// Lesson: the tutorial's fix inherits a global through 'fork'. Threadline starts workers like
// Python's 'spawn', so the global is handed over once per worker instead: the pool's
// initializer receives the Event (initargs may carry it) and stores it in a module-level
// variable that every task then uses.
import { Event, Pool, isMainProcess, sleep } from 'threadline';

// the module-level ("global") event, set in each worker by the initializer
let event: Event;

// worker initializer: runs once in each pool worker
export function initWorker(sharedEvent: Event): void {
  event = sharedEvent;
}

// task executed in a worker process
export function task(identifier: number): void {
  // wait for the event to be set
  console.log(`Task ${identifier} waiting...`);
  event.wait();
  // generate a value
  const value = Math.random();
  // block for a moment
  sleep(value * 1000);
  // report a message
  console.log(`Task ${identifier} completed with ${value}`);
}

// protect the entry point
if (isMainProcess()) {
  // create the shared event
  event = new Event();
  // create and configure the process pool
  Pool.with(
    4,
    (pool) => {
      // issue tasks into the process pool
      const result = pool.mapAsync(task, [0, 1, 2, 3]);
      // wait a moment
      sleep(1000);
      // start all issued tasks
      console.log('Setting event.');
      event.set();
      // wait for all tasks to finish
      result.wait();
      console.log('All done.');
    },
    { initializer: initWorker, initargs: [event] },
  );
}
