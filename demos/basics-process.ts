// Basics: Process — seed 002, "Process".
// Lesson: a Process runs a target function in a new process; start() launches it and join()
// waits for it to end.
import { Process, isMainProcess } from 'threadline';

export function myFunction(): void {
  console.log('Hello from a subprocess!');
}

if (isMainProcess()) {
  const myProcess = new Process({ target: myFunction });
  myProcess.start();
  myProcess.join();
}
