// Bounded queue — seed 003, "Example of multi-process communication using Queue".
// Lesson: a Queue(5) shared by two processes: B puts a message every 3000 ms, A polls every
// 1000 ms and finds it empty in between. Like the tutorial it runs until you stop it (Stop Run):
// watch the queue's size track rise and fall.
import { Process, Queue, isMainProcess, sleep } from 'threadline';

export function startA(msgQueue: Queue): void {
  while (true) {
    if (msgQueue.empty()) {
      console.log(`queue is empty ${msgQueue.qsize()}`);
    } else {
      const msg = msgQueue.get();
      console.log(`get msg ${msg}`);
    }
    sleep(1000);
  }
}

export function startB(msgQueue: Queue): void {
  while (true) {
    msgQueue.put('hello world');
    console.log(`put hello world queue size is ${msgQueue.qsize()}`);
    sleep(3000);
  }
}

if (isMainProcess()) {
  const MSG_QUEUE = new Queue(5);
  const processA = new Process({ target: startA, args: [MSG_QUEUE] });
  const processB = new Process({ target: startB, args: [MSG_QUEUE] });
  processA.start();
  processB.start();
  console.log('processA start..');
}
