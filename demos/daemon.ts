// Daemon — seed 003, "Guardian Process" (daemon vs non-daemon).
// Lesson: a daemon process does not keep the program alive: when the main process ends it is
// terminated (exit code -15) and never prints "Exiting". The non-daemon runs to its end.
import { Process, currentProcess, isMainProcess, sleep } from 'threadline';

export function daemon(): void {
  const name = currentProcess().name;
  console.log('Starting:', name);
  sleep(2000);
  console.log('Exiting :', name);
}

export function nonDaemon(): void {
  const name = currentProcess().name;
  console.log('Starting:', name);
  console.log('Exiting :', name);
}

if (isMainProcess()) {
  const d = new Process({ name: 'daemon', target: daemon });
  d.daemon = true;
  const n = new Process({ name: 'non-daemon', target: nonDaemon });
  n.daemon = false;
  d.start();
  n.start();
  sleep(1000);
  console.log('d.isAlive()', d.isAlive());
  n.join();
}
