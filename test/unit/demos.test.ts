/**
 * Every bundled demo, run through the real host: each test asserts the demo's LESSON on the
 * model a user would see (and its output lines, random numbers masked), not only that it ran.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { DEMO_GROUPS, groupDemos, readDemoCatalog } from '../../src/extension/demoCatalog';
import type { Problem } from '../../src/model/problems';
import type { RunModel } from '../../src/model/runModel';
import { masked, runProgramUntil, sorted, stderrLines, stdout } from './support/programOutput';
import { repoRoot, runProgram, workerNamed, type RunResult } from './support/runProgram';

const demo = (id: string) => join(repoRoot, 'demos', `${id}.ts`);
const run = (id: string) => runProgram(demo(id));

const runUntil = (id: string, enough: (model: RunModel) => boolean) => runProgramUntil(demo(id), enough);
const stuck = (model: RunModel) => [...model.problems.values()].some((p) => p.kind === 'deadlock' || p.kind === 'hang');

const stderr = (model: RunModel) => stderrLines(model).join('\n');
const problems = (model: RunModel, kind: Problem['kind']) => [...model.problems.values()].filter((p) => p.kind === kind);
const exitCodes = (model: RunModel) => Object.fromEntries([...model.workers.values()].map((w) => [w.name, w.exitCode]));

const EVENT_IN_ARGS = /RuntimeError: Event objects should only be shared between processes through inheritance/;

function assertFourFailedTasks(model: RunModel): void {
  assert.equal(model.tasks.length, 4, 'four tasks issued');
  for (const task of model.tasks) {
    assert.equal(task.ok, false, `task ${task.index} failed`);
    assert.match(task.error ?? '', EVENT_IN_ARGS);
  }
}

/** Seed 001's working fixes: four tasks wait, then all complete after "Setting event.". */
function assertPoolEventFixed({ model, end }: RunResult): void {
  assert.equal(end.exitCode, 0);
  const lines = masked(stdout(model));
  assert.deepEqual(sorted(lines.filter((l) => l.endsWith('waiting...'))), ['Task 0 waiting...', 'Task 1 waiting...', 'Task 2 waiting...', 'Task 3 waiting...']);
  const setting = lines.indexOf('Setting event.');
  assert.ok(setting >= 0);
  assert.deepEqual(sorted(lines.slice(setting + 1).filter((l) => l.includes('completed'))), [0, 1, 2, 3].map((i) => `Task ${i} completed with <n>`));
  assert.equal(lines.at(-1), 'All done.');
  assert.equal(model.tasks.length, 4);
  assert.ok(model.tasks.every((t) => t.ok === true), 'every task succeeded');
}

describe('demos (every bundled demo teaches its lesson)', function () {
  this.timeout(30_000);
  this.slow(5000);

  it('the catalog lists every demo file, each with a known group', () => {
    const catalog = JSON.parse(readFileSync(join(repoRoot, 'demos', 'catalog.json'), 'utf8')) as { id: string; file: string; group: string }[];
    const groups = ['Events', 'Locks', 'Pools', 'Queues & Pipes', 'Barriers & Conditions', 'Deadlocks', 'Processes'];
    for (const entry of catalog) {
      assert.equal(entry.file, `${entry.id}.ts`);
      assert.ok(groups.includes(entry.group), `${entry.id}: group ${entry.group}`);
      readFileSync(demo(entry.id));
    }
    assert.equal(new Set(catalog.map((e) => e.id)).size, catalog.length);
  });

  it('the Run Demo picker groups them in lesson order (an unknown group goes last, under Other)', async () => {
    const { demos, problems: skipped } = await readDemoCatalog(join(repoRoot, 'demos'));
    assert.deepEqual(skipped, []);
    assert.deepEqual(groupDemos(demos).map((g) => g.group), DEMO_GROUPS);
    assert.equal(groupDemos(demos).reduce((n, g) => n + g.demos.length, 0), demos.length);
    const odd = { id: 'x', file: 'x.ts', title: 'X', description: 'x' };
    assert.deepEqual(groupDemos([odd, { ...demos[0]!, group: 'Locks' }]).map((g) => g.group), ['Locks', 'Other']);
  });

  describe('Events', () => {
    it('event-gate (seed 000): five waiters woken by one set', async () => {
      const { model } = await run('event-gate');
      const lines = masked(stdout(model));
      assert.equal(lines.length, 11);
      assert.deepEqual(sorted(lines.filter((l) => l.includes('waiting'))), [0, 1, 2, 3, 4].map((i) => `Process ${i} waiting...`));
      assert.deepEqual(sorted(lines.filter((l) => l.includes(' got '))), [0, 1, 2, 3, 4].map((i) => `Process ${i} got <n>`));
      assert.ok(lines.includes('Main process blocking...'));
      const sets = model.wakes.filter((w) => w.op === 'set');
      assert.equal(sets.length, 5);
      assert.equal(new Set(sets.map((w) => w.opSeq)).size, 1, 'one set caused all five wakes');
    });

    it('basics-event-delayed-setter (seed 002): the setter wakes the waiter after 3000 ms', async () => {
      const { model } = await run('basics-event-delayed-setter');
      const lines = stdout(model);
      assert.deepEqual(sorted(lines.slice(0, 2)), ['Sleeping for 3000 milliseconds before setting the event.', 'Waiting for event to be set.']);
      assert.deepEqual(sorted(lines.slice(2)), ['Event has been set.', 'Event has been set. Continuing.']);
      const [wake, ...more] = model.wakes.filter((w) => w.op === 'set');
      assert.equal(more.length, 0);
      assert.equal(model.workers.get(wake!.waiter)?.name, 'Process-1');
      assert.equal(model.workers.get(wake!.by)?.name, 'Process-2');
    });

    it('event-timeout (seed 003): wait(2000) gives up, wait() is woken by the set; nothing is stuck', async () => {
      const { model } = await run('event-timeout');
      const lines = stdout(model);
      assert.deepEqual(sorted(lines), sorted([
        'main: waiting before calling Event.set()', 'wait_for_event: starting', 'wait_for_event_timeout: starting',
        'wait_for_event_timeout: e.isSet()-> false', 'main: event is set', 'wait_for_event: e.isSet()-> true',
      ]));
      assert.ok(lines.indexOf('wait_for_event_timeout: e.isSet()-> false') < lines.indexOf('main: event is set'));
      const [wake] = model.wakes.filter((w) => w.op === 'set');
      assert.equal(model.workers.get(wake!.waiter)?.name, 'block');
      assert.deepEqual([...model.problems.values()], []);
    });
  });

  describe('Locks', () => {
    it('lock-print (seed 004): ten processes print one at a time under one lock', async () => {
      const { model } = await run('lock-print');
      assert.deepEqual(sorted(stdout(model)), sorted([...Array(10).keys()].map((n) => `hello world ${n}`)));
      assert.ok([...model.primitives.values()].some((p) => p.kind === 'lock' && p.name === 'lock'));
      for (let i = 1; i <= 10; i++) assert.equal(workerNamed(model, `Process-${i}`).exitCode, 0);
    });

    it('basics-lock-value (seed 002): no update lost, "Final value: 5"', async () => {
      const { model } = await run('basics-lock-value');
      assert.deepEqual(stdout(model), ['Final value: 5']);
    });

    it('semaphore-resource-pool: never more than two holders at once', async () => {
      const { model } = await run('semaphore-resource-pool');
      const lines = stdout(model);
      const inUse = lines.flatMap((l) => /\((\d) in use\)/.exec(l)?.[1] ?? []).map(Number);
      assert.equal(inUse.length, 5);
      assert.equal(Math.max(...inUse), 2);
      assert.equal(lines.filter((l) => l.endsWith('released its connection')).length, 5);
      assert.equal(lines.at(-1), 'All queries done.');
      assert.deepEqual([...model.problems.values()], []);
    });
  });

  describe('Pools', () => {
    it('basics-pool (seed 002): map over a pool of four, results in order', async () => {
      const { model } = await run('basics-pool');
      assert.deepEqual(stdout(model), ['Squares: 1, 4, 9, 16, 25, 36, 49, 64']);
      assert.ok(model.tasks.length > 0 && model.tasks.every((t) => t.ok));
    });

    it('pool-tour (seed 004): applyAsync/get, map, imap, imapUnordered, get timing out', async () => {
      const { model, end } = await run('pool-tour');
      assert.equal(end.exitCode, 0);
      const lines = stdout(model);
      const squares = '[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]';
      assert.deepEqual(lines.slice(0, 5), ['100', squares, '0', '1', '4']);
      const unordered = lines[5]!.slice(1, -1).split(', ').map(Number).sort((a, b) => a - b);
      assert.equal(`[${unordered.join(', ')}]`, squares);
      assert.deepEqual(lines.slice(6), ['get(1000) raised TimeoutError']);
    });

    it('pool-event-lost (seed 001): four failed tasks although the program printed no error', async () => {
      const { model, end } = await run('pool-event-lost');
      assert.equal(end.exitCode, 0);
      assert.deepEqual(stdout(model), ['Setting event.', 'All done.'], 'no task ever printed, no error shown');
      assert.equal(stderr(model), '');
      assertFourFailedTasks(model);
    });

    it('pool-event-error-callback (seed 001): the errorCallback prints the RuntimeError once', async () => {
      const { model, end } = await run('pool-event-error-callback');
      assert.equal(end.exitCode, 0);
      const lines = stdout(model);
      assert.equal(lines.length, 3);
      assert.match(lines[0]!, /^Event objects should only be shared between processes through inheritance/);
      assert.deepEqual(lines.slice(1), ['Setting event.', 'All done.']);
      assertFourFailedTasks(model);
    });

    it('pool-event-get (seed 001): get() re-throws the RuntimeError and the program fails', async () => {
      const { model, end } = await run('pool-event-get');
      assert.equal(end.exitCode, 1);
      assert.deepEqual(stdout(model), ['Setting event.']);
      assert.match(stderr(model), EVENT_IN_ARGS);
      assert.equal(workerNamed(model, 'MainProcess').exitCode, 1);
      assertFourFailedTasks(model);
    });

    it('pool-event-manager (seed 001): a Manager Event travels to tasks and all complete', async () => {
      assertPoolEventFixed(await run('pool-event-manager'));
    });

    it('pool-event-initializer (seed 001): the initializer shares the Event, all tasks complete', async () => {
      assertPoolEventFixed(await run('pool-event-initializer'));
    });
  });

  describe('Queues & Pipes', () => {
    it('basics-queue (seed 002): the worker gets what main put', async () => {
      const { model } = await run('basics-queue');
      assert.deepEqual(stdout(model), ['Worker received: Hello from the main process!']);
    });

    it('producer-consumer (seed 003): poison pills end every consumer before the results are read', async () => {
      const { model, end } = await run('producer-consumer');
      assert.equal(end.exitCode, 0);
      const n = cpus().length * 2;
      const lines = stdout(model);
      assert.equal(lines[0], `Creating ${n} consumers`);
      const work = lines.filter((l) => /^Consumer-\d+: \d \* \d$/.test(l)).map((l) => l.replace(/^Consumer-\d+: /, ''));
      assert.deepEqual(sorted(work), sorted([...Array(10).keys()].map((i) => `${i} * ${i}`)));
      const exiting = lines.map((l, i) => [l, i] as const).filter(([l]) => l.endsWith(': Exiting'));
      assert.equal(exiting.length, n);
      const results = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('Result: '));
      assert.deepEqual(sorted(results.map(([l]) => l)), sorted([...Array(10).keys()].map((i) => `Result: ${i} * ${i} = ${i * i}`)));
      assert.ok(Math.max(...exiting.map(([, i]) => i)) < Math.min(...results.map(([, i]) => i)), 'tasks.join() returned after every taskDone');
      assert.ok([...model.primitives.values()].some((p) => p.name === 'tasks'));
    });

    it('bounded-queue (seed 003): B puts every 3000 ms, A finds the queue empty in between (runs until stopped)', async () => {
      const { model, end } = await runUntil('bounded-queue', (m) => m.output.filter((o) => o.text.startsWith('put hello world')).length >= 2);
      assert.equal(end.reason, 'stopped');
      const lines = stdout(model);
      // The main process's line usually comes first, but nothing orders it before the children's
      // first lines (in Python either); and A can take the message between B's put and qsize().
      assert.equal(lines.filter((l) => l === 'processA start..').length, 1, lines.join('|'));
      assert.ok(lines.includes('queue is empty 0'));
      assert.ok(lines.includes('put hello world queue size is 1'));
      assert.ok(lines.includes('get msg hello world'));
      assert.ok(lines.every((l) => /^(processA start\.\.|queue is empty 0|put hello world queue size is [0-5]|get msg hello world)$/.test(l)), lines.join('|'));
    });

    it('basics-pipe (seed 002): recv() gets what send() sent', async () => {
      const { model } = await run('basics-pipe');
      assert.deepEqual(stdout(model), ['Receiver received: Hello from the sender!']);
    });

    it("basics-manager-list (seed 002): every process's write lands in the shared list", async () => {
      const { model } = await run('basics-manager-list');
      assert.deepEqual(stdout(model), ['Updated shared list: [0, 1, 4, 9, 16]']);
    });
  });

  describe('Barriers & Conditions', () => {
    it('basics-barrier (seed 002): three wait, all pass together', async () => {
      const { model } = await run('basics-barrier');
      const lines = stdout(model);
      assert.equal(lines.length, 7);
      assert.ok(lines.slice(0, 3).every((l) => /^Worker [1-3] is waiting at the barrier\.$/.test(l)));
      assert.deepEqual(lines.slice(3), ['Worker 1 has passed the barrier.', 'Worker 1 has passed the barrier.', 'Worker 1 has passed the barrier.', 'Main process has completed.']);
    });

    it('basics-condition (seed 002): the notifier wakes the waiting worker', async () => {
      const { model } = await run('basics-condition');
      const lines = stdout(model);
      assert.deepEqual(lines.slice(0, 2), ['Worker waiting for a condition.', 'Notifier notifying the condition.']);
      // The woken worker re-acquiring the lock races the main process's join of the notifier
      // (in Python too): either may print first.
      assert.deepEqual([...lines.slice(2)].sort(), ['Main process notifying the condition.', 'Worker woke up!']);
      assert.deepEqual([...model.problems.values()], []);
    });

    it('bounded-buffer-condition: the producer waits on a full buffer, items arrive in order', async () => {
      const { model } = await run('bounded-buffer-condition');
      const lines = stdout(model);
      assert.deepEqual(lines.filter((l) => l.startsWith('consumer')), [...Array(10).keys()].map((i) => `consumer: got ${i}`));
      assert.ok(lines.includes('producer: buffer full, waiting'));
      assert.equal(lines.at(-1), 'buffer drained');
      assert.deepEqual([...model.problems.values()], []);
    });
  });

  describe('Deadlocks', () => {
    it('lock-order-deadlock: a two-worker cycle', async () => {
      const { model } = await runUntil('lock-order-deadlock', stuck);
      const [deadlock] = problems(model, 'deadlock');
      assert.equal(deadlock?.workers.length, 2);
    });

    it('dining-philosophers: a 5-cycle deadlock with 5 blocked lines', async () => {
      const { model } = await runUntil('dining-philosophers', stuck);
      const [deadlock] = problems(model, 'deadlock');
      assert.equal(deadlock?.workers.length, 5);
      assert.ok(deadlock!.workers.every((s) => typeof s.site?.line === 'number'));
    });

    it('dining-philosophers-fixed: everyone eats, nothing reported', async () => {
      const { model } = await run('dining-philosophers-fixed');
      assert.deepEqual([...model.problems.values()], []);
      assert.ok(stdout(model).includes('everyone ate'));
    });

    it('potential-deadlock: 0 deadlocks, 1 potential deadlock', async () => {
      const { model, end } = await run('potential-deadlock');
      assert.equal(end.exitCode, 0);
      assert.equal(problems(model, 'deadlock').length, 0);
      assert.equal(problems(model, 'potentialDeadlock').length, 1);
    });

    it('hang: an event nobody sets is a hang, not a deadlock', async () => {
      const { model } = await runUntil('hang', stuck);
      assert.equal(problems(model, 'hang').length, 1);
      assert.equal(problems(model, 'deadlock').length, 0);
    });
  });

  describe('Processes', () => {
    it('basics-process (seed 002): hello from a subprocess', async () => {
      const { model } = await run('basics-process');
      assert.deepEqual(stdout(model), ['Hello from a subprocess!']);
    });

    it('named-processes (seed 003): names and the default Process-3', async () => {
      const { model } = await run('named-processes');
      const lines = stdout(model);
      assert.deepEqual(sorted(lines), sorted(['worker 1 Starting', 'Process-3 Starting', 'my_service Starting', 'worker 1 Exiting', 'Process-3 Exiting', 'my_service Exiting']));
      assert.equal(lines.at(-1), 'my_service Exiting', 'the service sleeps longest');
      for (const name of ['my_service', 'worker 1', 'Process-3']) assert.equal(workerNamed(model, name).exitCode, 0);
    });

    it('daemon (seed 003): the daemon is ended with the main process, the non-daemon finishes', async () => {
      const { model } = await run('daemon');
      const lines = stdout(model);
      assert.deepEqual(sorted(lines), sorted(['Starting: daemon', 'Starting: non-daemon', 'Exiting : non-daemon', 'd.isAlive() true']));
      assert.ok(!lines.includes('Exiting : daemon'));
      assert.equal(workerNamed(model, 'daemon').daemon, true);
      assert.equal(workerNamed(model, 'daemon').exitCode, -15);
      assert.equal(workerNamed(model, 'non-daemon').exitCode, 0);
    });

    it('exit-codes (seed 003): exactly 1, 0, 0, 1, -15', async () => {
      const { model } = await run('exit-codes');
      const names = ['exit_error', 'exit_ok', 'return_value', 'raises', 'terminated'];
      assert.deepEqual(stdout(model), [
        ...names.map((n) => `Starting process for ${n}`),
        'exit_error.exitcode = 1', 'exit_ok.exitcode = 0', 'return_value.exitcode = 0', 'raises.exitcode = 1', 'terminated.exitcode = -15',
      ]);
      const codes = exitCodes(model);
      assert.deepEqual(names.map((n) => codes[n]), [1, 0, 0, 1, -15]);
      assert.match(stderr(model), /RuntimeError: There was an error!/);
    });

    it('process-subclass (seed 003): five instances each run their own run()', async () => {
      const { model } = await run('process-subclass');
      const lines = stdout(model);
      assert.equal(lines.length, 5);
      assert.ok(lines.every((l) => /^In \S+-\d+$/.test(l)));
      assert.equal(new Set(lines).size, 5);
    });
  });
});
