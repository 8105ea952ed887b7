// Named processes — seed 003, "Determine the current process".
// Lesson: give processes names to tell them apart; currentProcess().name tells a process who
// it is. An unnamed process gets the default "Process-N". Each lane in the panel is a name.
import { Process, currentProcess, isMainProcess, sleep } from 'threadline';

export function worker(): void {
  const name = currentProcess().name;
  console.log(name, 'Starting');
  sleep(2000);
  console.log(name, 'Exiting');
}

export function myService(): void {
  const name = currentProcess().name;
  console.log(name, 'Starting');
  sleep(3000);
  console.log(name, 'Exiting');
}

if (isMainProcess()) {
  const service = new Process({ name: 'my_service', target: myService });
  const worker1 = new Process({ name: 'worker 1', target: worker });
  const worker2 = new Process({ target: worker }); // default name
  worker1.start();
  worker2.start();
  service.start();
}
