// Event gate — from "Multiprocessing Event Object In Python".
// Lesson: five processes wait on one Event; the main process sets it after a pause and every
// waiter wakes at once. Watch the five wake arrows leave the single `set`.
import { Event, Process, isMainProcess, sleep } from 'threadline';

// target task function
export function task(event: Event, number: number): void {
  // wait for the event to be set
  console.log(`Process ${number} waiting...`);
  event.wait();
  // begin processing
  const value = Math.random();
  sleep(value * 1000);
  console.log(`Process ${number} got ${value}`);
}

// entry point
if (isMainProcess()) {
  // create a shared event object
  const event = new Event();
  // create a suite of processes
  const processes = [0, 1, 2, 3, 4].map((i) => new Process({ target: task, args: [event, i] }));
  // start all processes
  for (const process of processes) process.start();
  // block for a moment
  console.log('Main process blocking...');
  sleep(2000);
  // trigger all child processes
  event.set();
  // wait for all child processes to terminate
  for (const process of processes) process.join();
}
