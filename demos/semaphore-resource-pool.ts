// Semaphore resource pool — beyond the seeds.
// Lesson: a Semaphore(2) stands for two database connections shared by five processes: at most
// two hold one at a time, the others wait and are woken by each release.
import { Lock, Process, Semaphore, Value, isMainProcess, sleep } from 'threadline';

export function useConnection(connections: Semaphore, inUse: Value, printLock: Lock, n: number): void {
  connections.acquire();
  try {
    const now = inUse.withLock(() => ++inUse.value);
    printLock.withLock(() => console.log(`Process ${n} got a connection (${now} in use)`));
    sleep(300); // pretend to run a query
    inUse.withLock(() => --inUse.value);
    printLock.withLock(() => console.log(`Process ${n} released its connection`));
  } finally {
    connections.release();
  }
}

if (isMainProcess()) {
  const connections = new Semaphore(2);
  const inUse = new Value('i', 0);
  const printLock = new Lock();
  const processes = [0, 1, 2, 3, 4].map((n) => new Process({ target: useConnection, args: [connections, inUse, printLock, n] }));
  for (const p of processes) p.start();
  for (const p of processes) p.join();
  console.log('All queries done.');
}
