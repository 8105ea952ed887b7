// Event timeout — seed 003, "Inter-process signaling".
// Lesson: wait() blocks until the event is set; wait(timeout) gives up after the timeout and
// the process carries on with isSet() false. A waiter with a timeout is never called stuck.
import { Event, Process, isMainProcess, sleep } from 'threadline';

/** Wait for the event to be set before doing anything */
export function waitForEvent(e: Event): void {
  console.log('wait_for_event: starting');
  e.wait();
  console.log('wait_for_event: e.isSet()->', e.isSet());
}

/** Wait t milliseconds and then timeout */
export function waitForEventTimeout(e: Event, t: number): void {
  console.log('wait_for_event_timeout: starting');
  e.wait(t);
  console.log('wait_for_event_timeout: e.isSet()->', e.isSet());
}

if (isMainProcess()) {
  const e = new Event();
  const w1 = new Process({ name: 'block', target: waitForEvent, args: [e] });
  w1.start();
  const w2 = new Process({ name: 'nonblock', target: waitForEventTimeout, args: [e, 2000] });
  w2.start();
  console.log('main: waiting before calling Event.set()');
  sleep(3000);
  e.set();
  console.log('main: event is set');
}
