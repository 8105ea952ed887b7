// Basics: Pool — seed 002, "Pool" (the tutorial describes it without code; this is the
// smallest use of it).
// Lesson: a Pool of worker processes maps one function over many inputs in parallel and gives
// the results back in order. Each task is a labelled span on a pool worker's lane.
import { Pool, isMainProcess } from 'threadline';

export function square(x: number): number {
  return x * x;
}

if (isMainProcess()) {
  Pool.with(4, (pool) => {
    console.log('Squares:', pool.map(square, [1, 2, 3, 4, 5, 6, 7, 8]).join(', '));
  });
}
