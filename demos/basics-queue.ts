// Basics: Queue — seed 002, "Queue".
// Lesson: a Queue carries data between processes: the main process puts a message, the worker
// gets it (blocking until it is there).
import { Process, Queue, isMainProcess } from 'threadline';

export function worker(q: Queue): void {
  const data = q.get();
  console.log(`Worker received: ${data}`);
}

if (isMainProcess()) {
  const myQueue = new Queue();
  const myProcess = new Process({ target: worker, args: [myQueue] });
  myQueue.put('Hello from the main process!');
  myProcess.start();
  myProcess.join();
}
