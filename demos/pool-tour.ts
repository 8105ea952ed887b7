// Pool tour — seed 004, "Gather" (the Pool API).
// Lesson: the Pool's ways of handing out work: applyAsync + get(timeout), map, imap with
// next() and next(timeout), imapUnordered (results as they finish), and a get() that gives up
// with TimeoutError while the task still runs.
import { Pool, TimeoutError, isMainProcess, sleep } from 'threadline';

export function myfunction(m: number): number {
  return m * m;
}

export function sleepFor(ms: number): void {
  sleep(ms);
}

const range = (n: number) => [...Array(n).keys()];
const list = (values: readonly unknown[]) => `[${values.join(', ')}]`;

if (isMainProcess()) {
  const myPool = new Pool(4); // start 4 worker processes
  const result = myPool.applyAsync(myfunction, [10]); // evaluate "myfunction(10)" asynchronously in a single process
  console.log(result.get(1000)); // prints "100"
  console.log(list(myPool.map(myfunction, range(10)))); // prints "[0, 1, 4,..., 81]"
  const myIt = myPool.imap(myfunction, range(10));
  console.log(myIt.next().value); // prints "0"
  console.log(myIt.next().value); // prints "1"
  console.log(myIt.next(1000).value); // prints "4" unless your computer is *very* slow
  console.log(list([...myPool.imapUnordered(myfunction, range(10))])); // the same squares, in the order they finish
  const sleeping = myPool.applyAsync(sleepFor, [10_000]);
  try {
    console.log(sleeping.get(1000)); // raises TimeoutError
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    console.log('get(1000) raised TimeoutError');
  }
  myPool.terminate();
  myPool.join();
}
