// Lock print — seed 004, "Synchronization between processes".
// Lesson: a Lock makes sure only one process writes to standard output at a time. Ten
// processes queue on one lock; the lock's track shows each owner in turn.
import { Lock, Process, isMainProcess } from 'threadline';

export function myFunction(x: Lock, y: number): void {
  x.acquire();
  console.log('hello world', y);
  x.release();
}

if (isMainProcess()) {
  const lock = new Lock();
  for (let num = 0; num < 10; num++) {
    new Process({ target: myFunction, args: [lock, num] }).start();
  }
}
