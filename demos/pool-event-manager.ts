// Pool event manager — seed 001, "Use a Manager to Share an Event in the Process Pool".
// Lesson: the fix. An Event made by a Manager is a proxy, and proxies may travel in a task's
// arguments: the four tasks wait, the main process sets the event, and all four complete.
import { Manager, Pool, isMainProcess, sleep, type Event } from 'threadline';

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
  // create the manager
  Manager.with((manager) => {
    // create the shared event
    const event = manager.Event();
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
  });
}
