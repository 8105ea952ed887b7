// Basics: Barrier — seed 002, "Barrier".
// Lesson: a Barrier(3) holds each worker until all three have arrived, then releases them
// together. (As in the tutorial, nWaiting + 1 is only a rough worker number: after the barrier
// opens nobody is waiting, so every worker prints 1.)
import { Barrier, Process, isMainProcess } from 'threadline';

export function worker(barrier: Barrier): void {
  console.log(`Worker ${barrier.nWaiting + 1} is waiting at the barrier.`);
  barrier.wait();
  console.log(`Worker ${barrier.nWaiting + 1} has passed the barrier.`);
}

if (isMainProcess()) {
  const numProcesses = 3;
  const myBarrier = new Barrier(numProcesses);
  const processes = Array.from({ length: numProcesses }, () => new Process({ target: worker, args: [myBarrier] }));
  for (const process of processes) process.start();
  for (const process of processes) process.join();
  console.log('Main process has completed.');
}
