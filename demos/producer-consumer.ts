// Producer/consumer — seed 003, the Consumer/Task example with poison pills.
// Lesson: consumers take tasks from a JoinableQueue and put answers on a result Queue; one
// `null` per consumer (a poison pill) tells each to exit; tasks.join() waits until every item
// was marked taskDone(). Items cross by structured clone, so a task is plain data ({ a, b })
// and the functions below do what the tutorial's Task class did.
import { JoinableQueue, Process, Queue, cpuCount, isMainProcess, sleep } from 'threadline';

export interface Task {
  readonly a: number;
  readonly b: number;
}

export function callTask(task: Task): string {
  sleep(100); // pretend to take some time to do the work
  return `${task.a} * ${task.b} = ${task.a * task.b}`;
}

export function describeTask(task: Task): string {
  return `${task.a} * ${task.b}`;
}

export class Consumer extends Process {
  readonly taskQueue: JoinableQueue;
  readonly resultQueue: Queue;

  constructor(taskQueue: JoinableQueue, resultQueue: Queue) {
    super();
    this.taskQueue = taskQueue;
    this.resultQueue = resultQueue;
  }

  override run(): void {
    const procName = this.name;
    while (true) {
      const nextTask = this.taskQueue.get() as Task | null;
      if (nextTask === null) {
        // Poison pill means shutdown
        console.log(`${procName}: Exiting`);
        this.taskQueue.taskDone();
        break;
      }
      console.log(`${procName}: ${describeTask(nextTask)}`);
      const answer = callTask(nextTask);
      this.taskQueue.taskDone();
      this.resultQueue.put(answer);
    }
  }
}

if (isMainProcess()) {
  // Establish communication queues
  const tasks = new JoinableQueue();
  const results = new Queue();
  // Start consumers
  const numConsumers = cpuCount() * 2;
  console.log(`Creating ${numConsumers} consumers`);
  const consumers = Array.from({ length: numConsumers }, () => new Consumer(tasks, results));
  for (const w of consumers) w.start();
  // Enqueue jobs
  let numJobs = 10;
  for (let i = 0; i < numJobs; i++) tasks.put({ a: i, b: i });
  // Add a poison pill for each consumer
  for (let i = 0; i < numConsumers; i++) tasks.put(null);
  // Wait for all of the tasks to finish
  tasks.join();
  // Start printing results
  while (numJobs) {
    const result = results.get();
    console.log('Result:', result);
    numJobs -= 1;
  }
}
