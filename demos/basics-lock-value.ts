// Basics: Lock and Value — seed 002, "Lock".
// Lesson: five processes add 1 to a shared Value, each holding a Lock while it does; no update
// is lost, so the final value is 5.
import { Lock, Process, Value, isMainProcess } from 'threadline';

export function updateSharedData(lock: Lock, sharedData: Value): void {
  lock.withLock(() => {
    sharedData.value += 1;
  });
}

if (isMainProcess()) {
  const sharedData = new Value('i', 0);
  const myLock = new Lock();
  const processes = [0, 1, 2, 3, 4].map(() => new Process({ target: updateSharedData, args: [myLock, sharedData] }));
  for (const process of processes) process.start();
  for (const process of processes) process.join();
  console.log('Final value:', sharedData.value);
}
