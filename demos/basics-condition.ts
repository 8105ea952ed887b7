// Basics: Condition — seed 002, "Condition".
// Lesson: a worker waits on a Condition (releasing its lock while it waits); the notifier's
// notifyAll() wakes it. The main process's later notifyAll() finds nobody waiting.
import { Condition, Lock, Process, isMainProcess, sleep } from 'threadline';

export function worker(condition: Condition): void {
  condition.withLock(() => {
    console.log('Worker waiting for a condition.');
    condition.wait();
    console.log('Worker woke up!');
  });
}

export function notifier(condition: Condition): void {
  condition.withLock(() => {
    console.log('Notifier notifying the condition.');
    condition.notifyAll();
  });
}

if (isMainProcess()) {
  const myLock = new Lock();
  const myCondition = new Condition(myLock);
  const workerProcess = new Process({ target: worker, args: [myCondition] });
  const notifierProcess = new Process({ target: notifier, args: [myCondition] });
  workerProcess.start();
  sleep(2000); // Simulate some work in the main process
  notifierProcess.start();
  notifierProcess.join();
  myCondition.withLock(() => {
    console.log('Main process notifying the condition.');
    myCondition.notifyAll();
  });
  workerProcess.join();
}
