// Exit codes — seed 003, "The exit status of the process".
// Lesson: a process's exitCode says how it ended: 0 normal end (whatever it returned), n from
// exit(n), 1 for an uncaught error (its traceback on stderr), -15 when terminated.
// The functions keep the tutorial's snake_case names: they are the process names printed.
import { Process, RuntimeError, exit, isMainProcess, sleep } from 'threadline';

export function exit_error(): void {
  exit(1);
}

export function exit_ok(): void {
  return;
}

export function return_value(): number {
  return 1;
}

export function raises(): void {
  throw new RuntimeError('There was an error!');
}

export function terminated(): void {
  sleep(3000);
}

if (isMainProcess()) {
  const jobs: Process[] = [];
  for (const f of [exit_error, exit_ok, return_value, raises, terminated]) {
    console.log('Starting process for', f.name);
    const j = new Process({ target: f, name: f.name });
    jobs.push(j);
    j.start();
  }
  jobs[jobs.length - 1]!.terminate();
  for (const j of jobs) {
    j.join();
    console.log(`${j.name}.exitcode = ${j.exitCode}`);
  }
}
