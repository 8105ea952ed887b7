import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { outputText, programPath, repoRoot, runProgram, workerNamed } from './support/runProgram';

describe('runtime semantics (real programs under the real host)', function () {
  this.slow(3000);

  it('runs the event-gate demo: five waiters woken by the one set from MainProcess', async () => {
    const { model, end } = await runProgram(join(repoRoot, 'demos', 'event-gate.ts'));
    assert.equal(end.exitCode, 0);
    assert.equal(end.records.dropped, 0);
    assert.deepEqual([...model.workers.values()].map((w) => w.name), ['MainProcess', 'Process-1', 'Process-2', 'Process-3', 'Process-4', 'Process-5']);
    const event = [...model.primitives.values()].find((p) => p.kind === 'event');
    assert.ok(event, 'the event is traced');
    assert.equal(event.name, 'event', 'named after the variable it is assigned to');
    const set = event.ops.filter((o) => o.op === 'set');
    assert.equal(set.length, 1);
    assert.equal(set[0]!.worker, 0);
    assert.ok(set[0]!.at >= 2000, `set after main slept 2000 ms (at ${set[0]!.at})`);
    const eventWakes = model.wakes.filter((w) => w.primitive === event.id);
    assert.equal(eventWakes.length, 5);
    for (const wake of eventWakes) {
      assert.equal(wake.by, 0);
      assert.equal(wake.op, 'set');
      assert.equal(wake.opAt, set[0]!.at);
    }
    for (let n = 1; n <= 5; n++) {
      const worker = workerNamed(model, `Process-${n}`);
      const waiting = worker.states.filter((s) => s.state === 'waiting');
      assert.equal(waiting.length, 1, `Process-${n} waits once`);
      assert.equal(waiting[0]!.on, event.id);
      assert.ok(waiting[0]!.from < set[0]!.at, 'waiting before the set');
      // How soon after is wake latency, a benchmark's figure (bench/wakeAndStart.mjs), not a test's.
      assert.ok(waiting[0]!.to! >= set[0]!.at, `woken by the set, so not before it (${waiting[0]!.to} < ${set[0]!.at})`);
      assert.equal(waiting[0]!.site?.line, 10, 'the blocked call is event.wait() on line 10');
      assert.equal(worker.exitCode, 0);
    }
    const main = workerNamed(model, 'MainProcess');
    assert.ok(main.states.some((s) => s.state === 'sleeping' && s.timeoutMs === 2000));
    const lines = outputText(model);
    assert.ok(lines.includes('Main process blocking...'));
    for (let i = 0; i < 5; i++) {
      assert.ok(lines.includes(`Process ${i} waiting...`));
      assert.ok(lines.some((l) => l.startsWith(`Process ${i} got 0.`)));
    }
  });

  it('Event.wait(timeout) returns false after the timeout and true once set', async () => {
    const { model } = await runProgram(programPath('event-timeout.ts'));
    assert.deepEqual(outputText(model), ['result=false waited>=100=true isSet=false', 'after set: wait=true isSet=true', 'after clear: isSet=false']);
    const main = workerNamed(model, 'MainProcess');
    const wait = main.states.find((s) => s.state === 'waiting');
    assert.equal(wait?.timeoutMs, 120);
    assert.equal(model.wakes.length, 0, 'a timeout is not a wake');
  });

  it('Event ping-pong: every wait names the set that ended it, and a wait that parks has its line', async () => {
    const { model, end } = await runProgram(programPath('event-ping-pong.ts'));
    assert.equal(end.exitCode, 0);
    assert.equal(end.records.dropped, 0);
    const main = workerNamed(model, 'MainProcess');
    const partner = workerNamed(model, 'Process-1');
    const byName = new Map([...model.primitives.values()].map((p) => [p.name, p]));
    const [ping, pong, last] = ['ping', 'pongEvent', 'last'].map((name) => byName.get(name)!);
    for (const [waiter, setter, on] of [[partner, main, ping], [main, partner, pong]] as const) {
      const wakes = model.wakes.filter((w) => w.waiter === waiter.id && w.primitive === on!.id);
      // A wait whose set was already there returns at once, untraced; every other is woken.
      const waits = waiter.states.filter((s) => s.state === 'waiting' && s.on === on!.id);
      assert.equal(wakes.length, waits.length, `${waiter.name}: one wake per wait on ${on!.name}`);
      assert.ok(waits.length > 0, `${waiter.name} waited on ${on!.name}`);
      for (const wake of wakes) {
        assert.equal(wake.by, setter.id);
        assert.equal(wake.op, 'set');
        assert.ok(wake.opAt !== undefined, 'the set that woke it is in the trace');
        // The set is stamped before its flag is stored: on the trace's clock no wake precedes its cause.
        assert.ok(wake.opAt <= wake.at, `woken at ${wake.at} ms by a set at ${wake.opAt} ms`);
      }
    }
    const parked = partner.states.find((s) => s.state === 'waiting' && s.on === last!.id);
    assert.ok(parked, 'the partner waited for the last set');
    assert.equal(parked.site?.line, 14, 'a wait that parks records its line (last.wait())');
  });

  it('Lock: mutual exclusion, non-blocking and timed acquire, and the wake names the releaser', async () => {
    const { model } = await runProgram(programPath('lock-contention.ts'));
    assert.deepEqual(outputText(model), [
      'try without blocking: false',
      'try for 20 ms: false',
      'contender got the lock',
      "ValueError: release of an unlocked Lock 'shared' (semaphore or lock released too many times)",
    ]);
    const contender = workerNamed(model, 'Process-2');
    const blocked = contender.states.filter((s) => s.state === 'blocked');
    assert.equal(blocked.length, 2, 'one timed-out wait and one successful wait');
    assert.equal(blocked[0]!.timeoutMs, 20);
    const lockWake = model.wakes.find((w) => w.waiter === contender.id && w.op === 'release');
    assert.ok(lockWake, 'woken by the release');
    assert.equal(lockWake.by, workerNamed(model, 'Process-1').id);
    assert.ok(lockWake.opAt !== undefined && lockWake.opAt <= lockWake.at, `woken at ${lockWake.at} ms by a release at ${lockWake.opAt} ms`);
  });

  it("gives Python's exit codes and names", async () => {
    const { model, end } = await runProgram(programPath('exit-codes.ts'));
    assert.equal(end.exitCode, 0);
    const lines = outputText(model);
    assert.ok(lines.includes('I am Reporter'));
    assert.ok(lines.includes('alive after join(50): true exitCode=null'));
    assert.ok(lines.includes('codes: 0,3,1,0,-15'), lines.join('\n'));
    // Python numbers every Process it creates, named or not: 'Reporter' took number 1.
    assert.equal(workerNamed(model, 'Process-3').exitCode, 3);
    const raiser = workerNamed(model, 'Process-4');
    assert.equal(raiser.exitCode, 1);
    assert.match(raiser.error ?? '', /task failed on purpose/);
    assert.ok(lines.some((l) => l.startsWith('Process Process-4:') && l.includes('task failed on purpose')), 'traceback printed to stderr');
  });

  it('explains a target that is not exported', async () => {
    const { model } = await runProgram(programPath('missing-target.ts'));
    const child = workerNamed(model, 'Process-1');
    assert.equal(child.exitCode, 1);
    assert.match(child.error ?? '', /Can't get attribute 'hidden'.*export function hidden/s);
    assert.ok(outputText(model).includes('exitCode=1'));
  });

  it('ends every worker on stop, with exit code -15', async () => {
    let stopped = false;
    const { model, end } = await runProgram(join(repoRoot, 'demos', 'event-gate.ts'), {
      onEvents: (supervisor) => {
        const waiting = [...supervisor.model.workers.values()].filter((w) => supervisor.model.currentState(w).state === 'waiting');
        if (!stopped && waiting.length === 5) {
          stopped = true;
          supervisor.stop();
        }
      },
    });
    assert.ok(stopped, 'all five were waiting at some point');
    assert.equal(end.reason, 'stopped');
    for (const worker of model.workers.values()) assert.equal(worker.exitCode, -15, `${worker.name} was ended`);
  });
});

describe('runtime: Process subclasses', function () {
  this.slow(2000);

  it('runs an overridden run() in the child with the fields copied and primitives shared', async () => {
    const { model } = await runProgram(programPath('process-subclass.ts'));
    assert.deepEqual(outputText(model), ['hello from Greeter-1 (Greeter-1)', 'done=true exitCode=0']);
  });
});
