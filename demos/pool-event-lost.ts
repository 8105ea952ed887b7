// Pool event lost — seed 001, "Using an Event in the Process Pool Fails Silently".
// Lesson: an Event passed in a pool task's arguments fails, as in Python ("RuntimeError: Event
// objects should only be shared between processes through inheritance"). starmapAsync + wait
// never looks at the result, so the four errors are lost: no task prints a line, yet the
// program says "All done.". The panel makes the silent failure visible: four red task spans.
import { Event, Pool, isMainProcess, sleep } from 'threadline';

// task executed in a worker process
export function task(identifier: number, event: Event): void {
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
  const event = new Event();
  // create and configure the process pool
  Pool.with(4, (pool) => {
    // prepare task arguments
    const items: [number, Event][] = [0, 1, 2, 3].map((i) => [i, event]);
    // issue tasks into the process pool
    const result = pool.starmapAsync(task, items);
    // wait a moment
    sleep(1000);
    // start all issued tasks
    console.log('Setting event.');
    event.set();
    // wait for all tasks to finish
    result.wait();
    console.log('All done.');
  });
}
