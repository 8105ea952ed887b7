// Dining philosophers, fixed — the same table, but every philosopher picks up the lower-numbered
// fork first. Lesson: one global lock order makes a cycle impossible; compare the timeline with
// "Dining philosophers": no deadlock, and no lock-order inversion is reported.
import { Barrier, Lock, Process, isMainProcess, sleep } from 'threadline';

export function philosopher(seat: number, first: Lock, second: Lock, seated: Barrier): void {
  seated.wait(); // everyone sits down together
  first.acquire();
  console.log(`philosopher ${seat} has ${first.name}`);
  sleep(50); // think a little with one fork in hand
  second.acquire();
  console.log(`philosopher ${seat} eats`);
  second.release();
  first.release();
}

if (isMainProcess()) {
  const forks = [0, 1, 2, 3, 4].map((i) => new Lock({ name: `fork-${i}` }));
  const seated = new Barrier(5);
  const diners = forks.map((_, seat) => {
    const left = seat;
    const right = (seat + 1) % 5;
    // The fix: always the lower-numbered fork first.
    const [first, second] = left < right ? [forks[left]!, forks[right]!] : [forks[right]!, forks[left]!];
    return new Process({ target: philosopher, args: [seat, first, second, seated] });
  });
  for (const diner of diners) diner.start();
  for (const diner of diners) diner.join();
  console.log('everyone ate');
}
