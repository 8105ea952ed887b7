// Dining philosophers — five philosophers, five forks, each takes the left fork then the right.
// Lesson: when all five pick up their left fork at once, everyone waits for a right fork held by
// a neighbour: a cycle of five. Run "Dining philosophers (fixed)" to see the cure.
import { Barrier, Lock, Process, isMainProcess, sleep } from 'threadline';

export function philosopher(seat: number, left: Lock, right: Lock, seated: Barrier): void {
  seated.wait(); // everyone sits down together
  left.acquire();
  console.log(`philosopher ${seat} has the left fork`);
  sleep(50); // think a little with one fork in hand: the others take theirs meanwhile
  right.acquire();
  console.log(`philosopher ${seat} eats`);
  right.release();
  left.release();
}

if (isMainProcess()) {
  const forks = [0, 1, 2, 3, 4].map((i) => new Lock({ name: `fork-${i}` }));
  const seated = new Barrier(5);
  const diners = forks.map((fork, seat) => new Process({ target: philosopher, args: [seat, fork, forks[(seat + 1) % 5]!, seated] }));
  for (const diner of diners) diner.start();
  for (const diner of diners) diner.join();
}
