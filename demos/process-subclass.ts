// Process subclass — seed 003, "Use class to create processes".
// Lesson: subclass Process and override run(); start() runs it in a new process. The class is
// exported so each new process can find it, as targets are.
import { Process, isMainProcess } from 'threadline';

export class Worker extends Process {
  override run(): void {
    console.log(`In ${this.name}`);
  }
}

if (isMainProcess()) {
  const jobs: Worker[] = [];
  for (let i = 0; i < 5; i++) {
    const p = new Worker();
    jobs.push(p);
    p.start();
  }
  for (const j of jobs) j.join();
}
