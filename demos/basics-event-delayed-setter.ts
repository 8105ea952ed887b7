// Basics: Event with a delayed setter — seed 002, "Event".
// Lesson: process1 waits for the event; process2 sleeps, then sets it, and the wake arrow goes
// from process2's set to process1.
import { Event, Process, isMainProcess, sleep } from 'threadline';

export function waitForEvent(event: Event): void {
  console.log('Waiting for event to be set.');
  event.wait();
  console.log('Event has been set. Continuing.');
}

export function setEvent(event: Event, delay: number): void {
  console.log(`Sleeping for ${delay} milliseconds before setting the event.`);
  sleep(delay);
  event.set();
  console.log('Event has been set.');
}

if (isMainProcess()) {
  const myEvent = new Event();
  const process1 = new Process({ target: waitForEvent, args: [myEvent] });
  const process2 = new Process({ target: setEvent, args: [myEvent, 3000] });
  process1.start();
  process2.start();
  process1.join();
  process2.join();
}
