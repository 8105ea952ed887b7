// The task the pool baselines run: the same tiny function as bench/programs/poolTasks.ts.
export default function square(x) {
  return x * x;
}
