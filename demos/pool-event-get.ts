// Pool event get — seed 001, "RuntimeError Using Event in the Process Pool".
// Lesson: asking for the results re-throws the task's error in the main process: get() raises
// the RuntimeError, the program ends with its traceback and exit code 1 ("All done." never
// prints).
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
    // get results for each task
    for (const value of result.get()) void value;
    console.log('All done.');
  });
}
