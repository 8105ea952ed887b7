/**
 * Every seed program (the Python tutorials in the product brief), translated line for line in
 * test/fixtures/seeds/, run through the real host: each prints what its tutorial shows (random
 * values masked, orders only where the tutorial's own are fixed). Sleeps keep the tutorials'
 * durations in milliseconds, as the demos do. The expected output lives here, not in the seeds.
 */
import { strict as assert } from 'node:assert';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { RunModel } from '../../src/model/runModel';
import { byTime, masked, runProgramUntil, sorted, stderrLines as stderr, stdout } from './support/programOutput';
import { repoRoot, runProgram, workerNamed, type RunResult } from './support/runProgram';

const seed = (name: string) => join(repoRoot, 'test', 'fixtures', 'seeds', `${name}.ts`);
const run = (name: string) => runProgram(seed(name));

const runUntil = (name: string, enough: (model: RunModel) => boolean) => runProgramUntil(seed(name), enough);
const range = (n: number) => [...Array(n).keys()];

const EVENT_IN_ARGS = 'Event objects should only be shared between processes through inheritance';

function assertTasksFailedWithEventError(model: RunModel): void {
  assert.equal(model.tasks.length, 4);
  for (const task of model.tasks) {
    assert.equal(task.ok, false);
    assert.ok(task.error?.includes(EVENT_IN_ARGS), task.error);
  }
}

/** Seed 001's working scenarios: four tasks wait, "Setting event.", four complete, "All done.". */
function assertEventReachesEveryTask({ model, end }: RunResult): void {
  assert.equal(end.exitCode, 0);
  const lines = masked(stdout(model));
  assert.equal(lines.length, 10, lines.join('|'));
  // What the event guarantees: no task completes before the set, each task waited before it
  // completed, and the main process's last line comes after all of them. (A pool worker that
  // starts later than the main process's 1 s pause, on a loaded machine, prints its "waiting"
  // after "Setting event.", in Python as well.)
  const setAt = lines.indexOf('Setting event.');
  assert.ok(setAt >= 0, 'the main process sets the event');
  for (const i of range(4)) {
    const waitedAt = lines.indexOf(`Task ${i} waiting...`);
    const completedAt = lines.indexOf(`Task ${i} completed with <n>`);
    assert.ok(waitedAt >= 0 && completedAt > waitedAt, `task ${i} waits, then completes: ${lines.join('|')}`);
    assert.ok(completedAt > setAt, `task ${i} completes only after the set: ${lines.join('|')}`);
  }
  assert.equal(lines.at(-1), 'All done.');
}

describe('seeds (each tutorial program, translated line for line, prints what the tutorial shows)', function () {
  this.timeout(30_000);
  this.slow(6000);

  describe('seed 000: Multiprocessing Event Object In Python', () => {
    it('five processes wait, the main process sets the event, each reports its random value', async () => {
      const { model, end } = await run('000-event-processes');
      assert.equal(end.exitCode, 0);
      const lines = masked(stdout(model));
      assert.equal(lines.length, 11);
      const waiting = range(5).map((i) => `Process ${i} waiting...`);
      assert.deepEqual(sorted(lines.slice(0, 6)), sorted(['Main process blocking...', ...waiting]));
      assert.deepEqual(sorted(lines.slice(6)), range(5).map((i) => `Process ${i} got <n>`));
    });
  });

  describe('seed 001: Use an Event in the Multiprocessing Pool', () => {
    it('fails silently: the tasks fail, the program prints only its own two lines', async () => {
      const { model, end } = await run('001-event-pool-fails-silently');
      assert.equal(end.exitCode, 0);
      assert.deepEqual(stdout(model), ['Setting event.', 'All done.']);
      assert.deepEqual(stderr(model), []);
      assertTasksFailedWithEventError(model);
    });

    it('error callback: the RuntimeError is printed once, then "Setting event." and "All done."', async () => {
      const { model, end } = await run('001-event-pool-error-callback');
      assert.equal(end.exitCode, 0);
      const lines = stdout(model);
      assert.equal(lines.length, 3);
      assert.ok(lines[0]!.startsWith(EVENT_IN_ARGS), lines[0]);
      assert.deepEqual(lines.slice(1), ['Setting event.', 'All done.']);
      assertTasksFailedWithEventError(model);
    });

    it('get(): the RuntimeError is re-raised in the main process, which ends with a traceback', async () => {
      const { model, end } = await run('001-event-pool-get-error');
      assert.equal(end.exitCode, 1);
      assert.deepEqual(stdout(model), ['Setting event.']);
      assert.match(stderr(model).join('\n'), new RegExp(`RuntimeError: ${EVENT_IN_ARGS}`));
      assertTasksFailedWithEventError(model);
    });

    it('a Manager: the proxy Event reaches every task, all four complete', async () => {
      assertEventReachesEveryTask(await run('001-event-pool-manager'));
    });

    it('a global variable (spawn-safe initializer instead of fork): all four complete', async () => {
      assertEventReachesEveryTask(await run('001-event-pool-global'));
    });
  });

  describe('seed 002: Multiprocessing (the main components)', () => {
    const printsExactly = (name: string, expected: readonly string[]) => async () => {
      const { model, end } = await run(name);
      assert.equal(end.exitCode, 0);
      assert.deepEqual(stdout(model), expected);
    };

    it('Process', printsExactly('002-process', ['Hello from a subprocess!']));
    it('Queue', printsExactly('002-queue', ['Worker received: Hello from the main process!']));
    it('Lock with a shared Value', printsExactly('002-lock-value', ['Final value: 5']));
    it('Pipe', printsExactly('002-pipe', ['Receiver received: Hello from the sender!']));
    it('Manager list', printsExactly('002-manager-list', ['Updated shared list: [0, 1, 4, 9, 16]']));

    it('Event: the setter sleeps, sets, and the waiter continues', async () => {
      const lines = stdout((await run('002-event')).model);
      assert.deepEqual(sorted(lines.slice(0, 2)), ['Sleeping for 3000 milliseconds before setting the event.', 'Waiting for event to be set.']);
      assert.deepEqual(sorted(lines.slice(2)), ['Event has been set.', 'Event has been set. Continuing.']);
    });

    it('Barrier: three wait, all pass together, then the main process completes', async () => {
      const lines = stdout((await run('002-barrier')).model);
      assert.equal(lines.length, 7);
      assert.ok(lines.slice(0, 3).every((l) => /^Worker [1-3] is waiting at the barrier\.$/.test(l)), lines.join('|'));
      assert.deepEqual(lines.slice(3), [...Array<string>(3).fill('Worker 1 has passed the barrier.'), 'Main process has completed.']);
    });

    it('Condition: the notifier wakes the worker; main notifies once more', async () => {
      const { model, end } = await run('002-condition');
      assert.equal(end.exitCode, 0);
      const lines = stdout(model);
      assert.deepEqual(lines.slice(0, 2), ['Worker waiting for a condition.', 'Notifier notifying the condition.']);
      // The woken worker and main race for the lock, in Python too.
      assert.deepEqual(sorted(lines.slice(2)), ['Main process notifying the condition.', 'Worker woke up!']);
    });
  });

  describe('seed 003: Python multiprocessing usage example analysis', () => {
    it('simple creation: five workers print their number', async () => {
      const { model } = await run('003-simple-process');
      assert.deepEqual(sorted(stdout(model)), range(5).map((i) => `Worker: ${i}`));
    });

    it('current process: named processes and the default name Process-3', async () => {
      const lines = stdout((await run('003-current-process')).model);
      assert.deepEqual(sorted(lines), sorted(['worker 1 Starting', 'Process-3 Starting', 'my_service Starting', 'worker 1 Exiting', 'Process-3 Exiting', 'my_service Exiting']));
      assert.deepEqual(sorted(lines.slice(0, 3)), ['Process-3 Starting', 'my_service Starting', 'worker 1 Starting']);
      assert.equal(lines.at(-1), 'my_service Exiting');
    });

    it('daemon: the daemon is still alive after 1000 ms and is ended with main; the non-daemon finishes', async () => {
      const { model } = await run('003-daemon');
      const lines = stdout(model);
      assert.deepEqual(sorted(lines), sorted(['Starting: daemon', 'Starting: non-daemon', 'Exiting : non-daemon', 'd.isAlive() true']));
      assert.equal(workerNamed(model, 'daemon').exitCode, -15);
    });

    it("terminate: Python's repr and isAlive before, during, after terminate() and after join()", async () => {
      const { model } = await run('003-terminate');
      const main = workerNamed(model, 'MainProcess').id;
      assert.deepEqual(model.output.filter((o) => o.worker === main).map((o) => o.text), [
        "BEFORE: <Process name='Process-1' parent=0 initial> false",
        "DURING: <Process name='Process-1' pid=1 parent=0 started> true",
        "TERMINATED: <Process name='Process-1' pid=1 parent=0 started> true",
        "JOINED: <Process name='Process-1' pid=1 parent=0 stopped exitcode=-SIGTERM> false",
      ]);
      assert.ok(!stdout(model).includes('Finished worker'));
      assert.equal(workerNamed(model, 'Process-1').exitCode, -15);
    });

    it('exit codes: 1, 0, 0, 1, -15', async () => {
      const { model } = await run('003-exit-codes');
      const names = ['exit_error', 'exit_ok', 'return_value', 'raises', 'terminated'];
      assert.deepEqual(stdout(model), [
        ...names.map((n) => `Starting process for ${n}`),
        ...names.map((n, i) => `${n}.exitcode = ${[1, 0, 0, 1, -15][i]}`),
      ]);
      assert.match(stderr(model).join('\n'), /Process raises:\nRuntimeError: There was an error!/);
    });

    it("logging: multiprocessing's records on stderr around the child's own output", async () => {
      const { model, end } = await run('003-logging');
      assert.equal(end.exitCode, 0);
      assert.deepEqual(byTime(model).map((o) => `${o.stream}: ${o.text}`), [
        'stderr: [INFO/Process-1] child process calling self.run()',
        'stdout: Doing some work',
        'stderr: [INFO/Process-1] process shutting down',
        'stderr: [INFO/Process-1] process exiting with exitcode 0',
        'stderr: [INFO/MainProcess] process shutting down',
      ]);
    });

    it('subclass: five Worker instances each run their own run()', async () => {
      const { model } = await run('003-subclass');
      assert.deepEqual(sorted(stdout(model)), range(5).map((i) => `In Worker-${i + 1}`));
    });

    it('message passing: the object put on the queue does its work in the child', async () => {
      const { model } = await run('003-message-passing');
      assert.deepEqual(stdout(model), ['Doing something fancy in Process-1 for Fancy Dan!']);
    });

    it('consumers and poison pills: every task done before the results are printed', async () => {
      const { model, end } = await run('003-consumer-producer');
      assert.equal(end.exitCode, 0);
      const n = cpus().length * 2;
      const lines = stdout(model);
      assert.equal(lines[0], `Creating ${n} consumers`);
      const work = lines.filter((l) => /^Consumer-\d+: \d \* \d$/.test(l)).map((l) => l.replace(/^Consumer-\d+: /, ''));
      assert.deepEqual(sorted(work), sorted(range(10).map((i) => `${i} * ${i}`)));
      const exiting = lines.flatMap((l, i) => (/^Consumer-\d+: Exiting$/.test(l) ? [i] : []));
      assert.equal(exiting.length, n);
      const results = lines.flatMap((l, i) => (l.startsWith('Result: ') ? [i] : []));
      assert.deepEqual(sorted(results.map((i) => lines[i]!)), sorted(range(10).map((i) => `Result: ${i} * ${i} = ${i * i}`)));
      assert.ok(Math.max(...exiting) < Math.min(...results), 'tasks.join() returned after every taskDone()');
    });

    it('event signaling: wait(2000) times out before the set, wait() returns after it', async () => {
      const lines = stdout((await run('003-event-signaling')).model);
      assert.deepEqual(sorted(lines), sorted([
        'main: waiting before calling Event.set()', 'wait_for_event: starting', 'wait_for_event_timeout: starting',
        'wait_for_event_timeout: e.isSet()-> false', 'main: event is set', 'wait_for_event: e.isSet()-> true',
      ]));
      assert.ok(lines.indexOf('wait_for_event_timeout: e.isSet()-> false') < lines.indexOf('main: event is set'));
    });

    it('queue: the list the child put arrives whole', async () => {
      const { model } = await run('003-queue');
      assert.deepEqual(stdout(model), ["[ 42, null, 'hello' ]"]);
    });

    it('bounded queue: B puts every 3000 ms, A finds it empty in between (runs until stopped)', async () => {
      const { model, end } = await runUntil('003-bounded-queue', (m) => m.output.filter((o) => o.text.startsWith('put hello world')).length >= 2);
      assert.equal(end.reason, 'stopped');
      const lines = stdout(model);
      // Main's line races A's first poll, in Python too.
      const main = workerNamed(model, 'MainProcess').id;
      assert.deepEqual(model.output.filter((o) => o.worker === main).map((o) => o.text), ['processA start..']);
      for (const line of ['queue is empty 0', 'put hello world queue size is 1', 'get msg hello world']) assert.ok(lines.includes(line), line);
      assert.ok(lines.every((l) => /^(processA start\.\.|queue is empty 0|put hello world queue size is [0-5]|get msg hello world)$/.test(l)), lines.join('|'));
    });
  });

  describe('seed 004: Synchronization and pooling of processes in Python', () => {
    it('one lock: ten processes print hello world 0..9, one at a time', async () => {
      const { model } = await run('004-lock-print');
      assert.deepEqual(sorted(stdout(model)), sorted(range(10).map((n) => `hello world ${n}`)));
    });

    it('the pool: get, map, imap next()/next(timeout), then get(timeout) raises TimeoutError', async () => {
      const { model, end } = await run('004-pool');
      assert.deepEqual(stdout(model), ['100', '[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]', '0', '1', '4']);
      assert.equal(end.exitCode, 1);
      assert.match(stderr(model).join('\n'), /^TimeoutError/m);
    });
  });
});
