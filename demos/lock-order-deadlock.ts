// Lock-ordering deadlock — the classic: two processes take the same two locks in opposite order.
// Lesson: each holds one lock and waits forever for the other. Threadline reports the cycle,
// who holds what, and the line where each process is stuck. Stop the run when you have looked.
import { Event, Lock, Process, isMainProcess } from 'threadline';

export function transfer(first: Lock, second: Lock, mine: Event, theirs: Event): void {
  first.acquire();
  console.log(`${first.name} taken, now taking ${second.name}`);
  // Each process waits until the other holds its first lock, so the deadlock happens every time.
  mine.set();
  theirs.wait();
  second.acquire();
  console.log('never printed: the other process holds it');
  second.release();
  first.release();
}

if (isMainProcess()) {
  const a = new Lock();
  const b = new Lock();
  const leftHolds = new Event();
  const rightHolds = new Event();
  const left = new Process({ target: transfer, args: [a, b, leftHolds, rightHolds] });
  const right = new Process({ target: transfer, args: [b, a, rightHolds, leftHolds] });
  left.start();
  right.start();
  left.join();
  right.join();
}
