/**
 * Pool and AsyncResult conformance, modeled on CPython's _test_multiprocessing pool tests:
 * real programs under the real host; assertions on what they print and on the model.
 * Synchronised with events, never with sleeps.
 */
import { strict as assert } from 'node:assert';
import { outputText, programPath, runProgram, workerNamed } from './support/runProgram';

describe('conformance: Pool and AsyncResult', function () {
  this.slow(4000);
  this.timeout(20000);

  it('apply, applyAsync, map, mapAsync, starmap, starmapAsync, imap and callbacks give Python results', async () => {
    const { model, end } = await runProgram(programPath('pool-basics.ts'));
    assert.equal(end.exitCode, 0);
    assert.deepEqual(outputText(model), [
      'apply: 5',
      'applyAsync: 49',
      'map: 1,4,9,16,25',
      'map chunksize 2: 1,4,9,16,25',
      'mapAsync: 36,49',
      'starmap: 3,7',
      'starmapAsync: 11',
      'imap: 1,4,9,16,25,36,49,64,81,100',
      'map empty: []',
      'ready=true successful=true callback 81',
      'joined',
    ]);
    // Python's spawn context names pool workers SpawnPoolWorker-N; they are daemon children of the owner.
    for (const name of ['SpawnPoolWorker-1', 'SpawnPoolWorker-2']) {
      const worker = workerNamed(model, name);
      assert.equal(worker.role, 'poolWorker');
      assert.equal(worker.parent, 0);
      assert.equal(worker.daemon, true);
      assert.equal(worker.exitCode, 0, 'close + join: workers leave once the queue is drained');
    }
  });

  it('records every task span: pool, index, fn, worker, ok', async () => {
    const { model } = await runProgram(programPath('pool-basics.ts'));
    const pool = [...model.primitives.values()].find((p) => p.kind === 'pool');
    assert.ok(pool);
    assert.equal(pool.name, 'pool');
    // 1 + 1 + 5 + 5 + 2 + 2 + 1 + 10 + 0 + 1 tasks, numbered from 0 in submission order.
    assert.equal(model.tasks.length, 28);
    assert.deepEqual([...model.tasks].map((t) => t.index).sort((a, b) => a - b), Array.from({ length: 28 }, (_, i) => i));
    const first = model.tasks.find((t) => t.index === 0)!;
    assert.equal(first.fn, 'add');
    assert.equal(first.args, '(2, 3)');
    for (const task of model.tasks) {
      assert.equal(task.pool, pool.id);
      assert.equal(task.ok, true);
      assert.match(workerNamed(model, model.workers.get(task.worker)!.name).name, /^SpawnPoolWorker-\d$/);
      assert.ok(task.to! >= task.from);
    }
    // The owner's waits are 'result' waits on the pool, each woken by the worker that completed the task.
    const main = workerNamed(model, 'MainProcess');
    const waits = main.states.filter((s) => s.wait === 'result');
    assert.ok(waits.length > 0);
    assert.ok(waits.every((s) => s.on === pool.id && s.site?.file.endsWith('pool-basics.ts')));
    const wakes = model.wakes.filter((w) => w.waiter === main.id && w.op === 'complete');
    assert.ok(wakes.length > 0);
    assert.ok(wakes.every((w) => model.workers.get(w.by)?.role === 'poolWorker' && w.opAt !== undefined && w.opAt <= w.at));
    // join waits on the pool until the last worker exits, and names it.
    assert.ok(main.states.some((s) => s.wait === 'poolJoin'));
    assert.ok(model.wakes.some((w) => w.waiter === main.id && w.op === 'exit' && model.workers.get(w.by)?.role === 'poolWorker'));
    // Idle workers show as waiting on the pool ('get').
    const idle = [...model.workers.values()].flatMap((w) => w.states).filter((s) => s.wait === 'get');
    assert.ok(idle.length > 0 && idle.every((s) => s.on === pool.id));
  });

  it('task errors: get re-throws with the worker stack, errorCallback, get(timeout) → TimeoutError', async () => {
    const { model } = await runProgram(programPath('pool-errors.ts'));
    assert.deepEqual(outputText(model), [
      'apply threw ValueError instanceof ValueError=true: bad item 2',
      'stack from the worker: true',
      'errorCallback bad item 2; successful=false',
      'get(50): TimeoutError instanceof TimeoutError=true after>=50=true',
      'successful before ready: ValueError',
      'then get(): through',
      "not exported: AttributeError: Can't get attribute 'hidden' on the program module " + programPath('pool-errors'),
    ]);
    const failed = model.tasks.filter((t) => t.ok === false);
    assert.deepEqual(failed.map((t) => t.error?.split('.')[0]), ['ValueError: bad item 2', 'ValueError: bad item 2', "AttributeError: Can't get attribute 'hidden' on the program module " + programPath('pool-errors')]);
    assert.ok(failed.every((t) => model.workers.get(t.worker)?.role === 'poolWorker'));
    const main = workerNamed(model, 'MainProcess');
    const timedOut = main.states.find((s) => s.wait === 'result' && s.timeoutMs === 50);
    assert.ok(timedOut, 'the get(50) wait is traced with its timeout');
  });

  it("seed 001: an Event in task args fails as Python's RuntimeError (silent, errorCallback, get); initargs fix it", async () => {
    const { model } = await runProgram(programPath('pool-seed001.ts'));
    const lines = outputText(model);
    assert.equal(lines[0], '1 silent: All done.');
    assert.match(lines[1]!, /^2 errorCallback: RuntimeError: Event objects should only be shared between processes through inheritance/);
    assert.match(lines[1]!, /initargs/);
    assert.match(lines[1]!, /Manager/);
    assert.equal(lines[2], '3 get: RuntimeError: Event objects should only be shared between processes through inheritanc');
    assert.equal(lines[3], '4 fixed: 0,1,2,3');
    assert.equal(lines.length, 4, 'the errorCallback is called once, and no task ever ran ("Task n waiting..." never printed)');
    // Failed tasks are recorded even when nobody asked for the result (the silent case).
    const pools = [...model.primitives.values()].filter((p) => p.kind === 'pool');
    assert.equal(pools.length, 4);
    for (const pool of pools.slice(0, 3)) {
      const tasks = model.tasks.filter((t) => t.pool === pool.id);
      assert.equal(tasks.length, 4);
      assert.ok(tasks.every((t) => t.ok === false && /RuntimeError: Event objects should only be shared/.test(t.error ?? '')));
    }
    assert.ok(model.tasks.filter((t) => t.pool === pools[3]!.id).every((t) => t.ok));
    // Scoped use terminates: every worker ended with -15.
    for (const worker of model.workers.values()) if (worker.role === 'poolWorker') assert.equal(worker.exitCode, -15);
  });

  it('a chunked map is traced per span of tasks and shown per task: even shares of the span, the failing task, starmap args', async () => {
    const { model, end } = await runProgram(programPath('pool-chunks.ts'));
    assert.deepEqual(outputText(model), ['squares: 100, last 9801', 'failing chunk: ValueError: bad item 4', 'starmap: 3,7,11', 'long chunk: 2500']);
    const tasks = [...model.tasks].sort((a, b) => a.index - b.index);
    // 100 + 5 (the failing chunk stops at its fifth item, as Python's mapstar) + 3 + 2500.
    assert.deepEqual(tasks.map((t) => t.index), Array.from({ length: 2608 }, (_, i) => (i < 105 ? i : i + 5)));
    assert.ok(tasks.every((t) => t.to !== undefined && t.to >= t.from));
    // One chunk of 100: task after task, each starting where the one before ended, in one span.
    const squares = tasks.slice(0, 100);
    assert.ok(squares.every((t) => t.fn === 'square' && t.ok === true && t.worker === squares[0]!.worker));
    for (let i = 1; i < squares.length; i++) {
      assert.ok(squares[i]!.from >= squares[i - 1]!.from, 'increasing start times');
      assert.ok(Math.abs(squares[i]!.from - squares[i - 1]!.to!) < 1e-9, 'each starts where the one before ended');
    }
    assert.equal(squares[0]!.args, '(0)', "the first task shows the chunk's first args");
    assert.ok(squares.slice(1).every((t) => t.args === undefined));
    // The failing chunk: four ok, the fifth failed with the error line, none after it.
    const failing = tasks.slice(100, 105);
    assert.deepEqual(failing.map((t) => [t.index, t.fn, t.ok]), [[100, 'failsAtFour', true], [101, 'failsAtFour', true], [102, 'failsAtFour', true], [103, 'failsAtFour', true], [104, 'failsAtFour', false]]);
    assert.equal(failing[4]!.error, 'ValueError: bad item 4');
    assert.ok(failing.slice(0, 4).every((t) => t.error === undefined));
    const starmap = tasks.slice(105, 108);
    assert.deepEqual(starmap.map((t) => [t.index, t.fn, t.args, t.ok]), [[110, 'add', '(1, 2)', true], [111, 'add', undefined, true], [112, 'add', undefined, true]]);
    // Longer than one traced span (MAX_CHUNK_SPAN_TASKS): still every task, in order, in time.
    const long = tasks.slice(108);
    assert.equal(long.length, 2500);
    for (let i = 1; i < long.length; i++) assert.ok(long[i]!.from >= long[i - 1]!.to! - 1e-9, `task ${long[i]!.index} starts after the one before ended`);
    // Two records per span instead of two per task: 2608 tasks would be 5216 records per task.
    assert.ok(end.records.written < 100, `${end.records.written} records written`);
    assert.equal(end.records.dropped, 0);
  });

  it('imap keeps order; imapUnordered yields as tasks finish', async () => {
    const { model } = await runProgram(programPath('pool-order.ts'));
    assert.deepEqual(outputText(model), ['imapUnordered: 1,0 done=true', 'imap next(30) while item 0 runs: true', 'imap: 2,3']);
  });

  it('maxtasksperchild replaces workers; initializer once per worker; close/join, terminate, scoped use', async () => {
    const { model } = await runProgram(programPath('pool-lifecycle.ts'));
    const lines = outputText(model);
    const inits = lines.filter((l) => l.startsWith('init '));
    assert.equal(new Set(inits).size, inits.length, 'the initializer runs once per worker');
    const rest = lines.filter((l) => !l.startsWith('init '));
    assert.deepEqual(rest, [
      'distinct workers for 4 tasks: 4',
      'join while running: ValueError: Pool is still running',
      'apply after close: ValueError: Pool not running',
      'closed and joined',
      'terminated: ready=false',
      'scoped: true',
      'after scoped use',
    ]);
    const poolWorkers = [...model.workers.values()].filter((w) => w.role === 'poolWorker');
    assert.deepEqual(
      poolWorkers.map((w) => w.name),
      poolWorkers.map((w) => `SpawnPoolWorker-${w.id}`),
      'replacements are new SpawnPoolWorker-N, numbered by the process counter',
    );
    const recycled = [...model.primitives.values()].find((p) => p.name === 'recycled')!;
    const recycledWorkers = new Set(model.tasks.filter((t) => t.pool === recycled.id).map((t) => t.worker));
    assert.equal(recycledWorkers.size, 4, 'each of the 4 tasks ran on its own worker');
    for (const id of recycledWorkers) assert.equal(model.workers.get(id)!.exitCode, 0, 'left after its one task');
    const stuck = [...model.primitives.values()].find((p) => p.name === 'stuck')!;
    const stuckWorkers = poolWorkers.filter((w) => model.primitives.get(stuck.id)!.ops.some((o) => o.op === 'exit' && o.worker === w.id));
    assert.equal(stuckWorkers.length, 2);
    for (const worker of stuckWorkers) assert.equal(worker.exitCode, -15, 'terminate() ends the workers');
  });
});
