// Pool event error callback — seed 001, "RuntimeError in Error Callback Using Event in the
// Process Pool".
// Lesson: the same Event-in-the-arguments mistake, now reported: starmapAsync's errorCallback
// is called (once, with the first task's error) and prints why passing an Event fails.
import { Event, Pool, isMainProcess, sleep } from 'threadline';

// error callback function
export function customErrorCallback(error: Error): void {
  console.log(error.message);
}

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
    const result = pool.starmapAsync(task, items, undefined, { errorCallback: customErrorCallback });
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
