// Basics: Manager list — seed 002, "Manager".
// Lesson: a Manager holds richer shared data (lists, dicts); each process writes its own slot
// of the shared list through a proxy, and the main process sees every write.
import { Manager, Process, isMainProcess, type ListProxy } from 'threadline';

export function updateSharedList(sharedList: ListProxy, index: number): void {
  sharedList[index] = index * index;
}

if (isMainProcess()) {
  Manager.with((manager) => {
    const myList = manager.list([0, 0, 0, 0, 0]);
    const processes = [0, 1, 2, 3, 4].map((i) => new Process({ target: updateSharedList, args: [myList, i] }));
    for (const process of processes) process.start();
    for (const process of processes) process.join();
    console.log('Updated shared list:', myList);
  });
}
