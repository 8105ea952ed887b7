/**
 * Conformance of the synchronisation primitives and shared state with Python's multiprocessing,
 * after the behaviours CPython's Lib/test/_test_multiprocessing.py checks (_TestLock,
 * _TestSemaphore, _TestCondition, _TestBarrier, _TestValue, _TestArray): real programs under
 * the real host, asserting what they print and what the trace shows.
 */
import { strict as assert } from 'node:assert';
import type { RunModel, StateInterval, WorkerView } from '../../src/model/runModel';
import type { PrimitiveKind } from '../../src/model/trace';
import { outputText, programPath, runProgram, workerNamed } from './support/runProgram';

function primitive(model: RunModel, kind: PrimitiveKind, name: string) {
  const found = [...model.primitives.values()].find((p) => p.kind === kind && p.name === name);
  assert.ok(found, `a ${kind} named ${name}`);
  return found;
}

function everyWorkerEndedNormally(model: RunModel): void {
  for (const worker of model.workers.values()) assert.equal(worker.exitCode, 0, `${worker.name} ended normally: ${worker.error ?? ''}`);
}

function linesOf(model: RunModel, worker: string): string[] {
  const id = workerNamed(model, worker).id;
  return model.output.filter((o) => o.worker === id).map((o) => o.text);
}

function waitsOn(worker: WorkerView, id: number): StateInterval[] {
  return worker.states.filter((s) => s.on === id);
}

describe('conformance: synchronisation primitives and shared state (Python semantics)', function () {
  this.slow(4000);
  this.timeout(20000);

  it('RLock re-enters, only its owner releases it; Semaphore counts and times out; BoundedSemaphore refuses over-release', async () => {
    const { model, end, events } = await runProgram(programPath('sync-locks.ts'));
    assert.equal(end.exitCode, 0);
    // On the run's one clock nothing a worker did comes before its start (a batch is put in time
    // order, and a model drops the states of a worker it has not seen start): the host reads the
    // start's time before it hands the thread its boot data.
    for (const start of events) {
      if (start.t !== 'workerStart') continue;
      const early = events.filter((e) => e.t !== 'problem' && e.t !== 'workerStart' && e.worker === start.worker && e.at < start.at);
      assert.deepEqual(early, [], `${start.name}'s events before its start at ${start.at}`);
    }
    everyWorkerEndedNormally(model);
    // Output is compared per worker: lines of different workers reach the model in drain order.
    assert.deepEqual(linesOf(model, 'MainProcess'), [
      're-entry: true true true depth 3',
      // CPython: "attempt to release recursive lock not owned by thread" (AssertionError).
      'extra release: AssertionError',
      'counting: true true false false value 0',
      'unbounded release: value 3',
      'bounded inside: value 0',
      "ValueError: semaphore or lock released too many times (BoundedSemaphore 'bounded' is at its initial value 1)",
      'negative: ValueError',
    ]);
    assert.deepEqual(linesOf(model, 'Process-1'), [
      'rival non-blocking: false',
      'rival release: AssertionError',
      'rival timed: false',
      'rival got the rlock, depth 1',
      'rival gate timed: false',
      'rival passed the gate',
    ]);
    const rlock = primitive(model, 'rlock', 'rlock');
    const gate = primitive(model, 'semaphore', 'gate');
    const rival = workerNamed(model, 'Process-1');
    // Only ownership changes are traced: main's three acquires are one acquire, one release.
    assert.deepEqual(rlock.ops.filter((o) => o.worker === 0).map((o) => o.op), ['acquire', 'release']);
    const rlockWaits = waitsOn(rival, rlock.id);
    assert.equal(rlockWaits[0]?.state, 'blocked');
    assert.equal(rlockWaits[0]?.wait, 'rlock');
    // (Failed once in a full CI run, never again in 40 runs alone or under load: the message
    // carries the rival's states so that a next failure says what the model held.)
    assert.equal(rlockWaits[0]?.timeoutMs, 30, `the timed acquire's wait; the rival's states: ${JSON.stringify(rival.states.map(({ state, on, wait, timeoutMs, from, to }) => ({ state, on, wait, timeoutMs, from, to })))}`);
    assert.equal(rlockWaits[0]?.site?.line, 11, 'the timed acquire on line 11');
    const gateWaits = waitsOn(rival, gate.id);
    assert.equal(gateWaits[0]?.wait, 'semaphore');
    assert.equal(gateWaits[0]?.site?.line, 16);
    // The rival's second acquire of each may or may not block (it races main's release); any
    // wake it records must name main's release, with the op's exact sequence number.
    for (const id of [rlock.id, gate.id]) {
      for (const wake of model.wakes.filter((w) => w.primitive === id)) {
        assert.equal(wake.by, 0);
        assert.equal(wake.op, 'release');
        const release = model.primitives.get(id)!.ops.find((o) => o.worker === 0 && o.seq === wake.opSeq);
        assert.equal(release?.op, 'release', 'the wake names a release main really made');
        assert.equal(wake.opAt, release.at);
      }
    }
    assert.equal(model.wakes.filter((w) => w.primitive === rlock.id && w.waiter === rival.id).length <= 1, true, 'a timeout is not a wake');
  });

  it('Condition: notify(n) wakes exactly n, wait/waitFor time out with false, the lock is fully released and restored', async () => {
    const { model, end } = await runProgram(programPath('sync-condition.ts'));
    assert.equal(end.exitCode, 0);
    everyWorkerEndedNormally(model);
    assert.deepEqual(linesOf(model, 'MainProcess'), [
      'waiting: 3',
      'woke: true true third? false',
      'last woke: true',
      'wait timeout: false',
      'depth restored after wait: AssertionError',
      'wait unheld: AssertionError',
      'notify unheld: AssertionError',
      'waitFor timeout: false',
      'waitFor: true',
    ]);
    const cond = primitive(model, 'condition', 'cond');
    primitive(model, 'rlock', 'cond.lock');
    const notifies = cond.ops.filter((o) => o.op === 'notify');
    assert.equal(notifies.length, 2);
    const wakes = model.wakes.filter((w) => w.primitive === cond.id);
    assert.equal(wakes.length, 3);
    assert.ok(wakes.every((w) => w.by === 0 && w.op === 'notify'));
    assert.equal(wakes.filter((w) => w.opSeq === notifies[0]!.seq).length, 2, 'notify(2) woke two');
    assert.equal(wakes.filter((w) => w.opSeq === notifies[1]!.seq).length, 1, 'notifyAll woke the last one');
    for (const n of [1, 2, 3]) {
      const wait = waitsOn(workerNamed(model, `Process-${n}`), cond.id)[0];
      assert.equal(wait?.state, 'waiting');
      assert.equal(wait?.wait, 'condition');
      assert.equal(wait?.site?.line, 7, 'cond.wait() on line 7');
    }
    const mainWaits = waitsOn(workerNamed(model, 'MainProcess'), cond.id);
    assert.equal(mainWaits[0]?.timeoutMs, 40);
    assert.equal(mainWaits[0]?.site?.line, 37);
  });

  it('Barrier: distinct indices, one action, abort/reset/timeout break it with BrokenBarrierError', async () => {
    const { model, end } = await runProgram(programPath('sync-barrier.ts'));
    assert.equal(end.exitCode, 0);
    everyWorkerEndedNormally(model);
    assert.equal(outputText(model).filter((l) => l.startsWith('action in ')).length, 1, 'the action runs once');
    assert.deepEqual(linesOf(model, 'MainProcess').filter((l) => !l.startsWith('action in ')), [
      'indices: 1,1,1 parties=3',
      'after abort: true',
      'after reset: broken=false waiting=0',
      'reset with a waiter: broken=false',
      'timeout: BrokenBarrierError broken=true',
    ]);
    assert.deepEqual(linesOf(model, 'Process-3'), ['victim: BrokenBarrierError broken=true']);
    // Python: waiters of a reset barrier get BrokenBarrierError, and it is usable again.
    assert.deepEqual(linesOf(model, 'Process-4'), ['victim: BrokenBarrierError broken=false']);
    const trip = primitive(model, 'barrier', 'trip');
    assert.equal(trip.ops.filter((o) => o.op === 'arrive').length, 3);
    for (const wake of model.wakes.filter((w) => w.primitive === trip.id)) {
      assert.equal(wake.op, 'arrive');
      assert.ok(trip.ops.some((o) => o.op === 'arrive' && o.worker === wake.by && o.seq === wake.opSeq), 'woken by the last arrival');
    }
    const gate = primitive(model, 'barrier', 'gate');
    const aborted = waitsOn(workerNamed(model, 'Process-3'), gate.id)[0];
    assert.equal(aborted?.wait, 'barrier');
    assert.equal(aborted?.site?.line, 14);
    const victimWakes = model.wakes.filter((w) => w.primitive === gate.id);
    assert.deepEqual(victimWakes.map((w) => [w.by, w.op]), [[0, 'abort'], [0, 'reset']]);
  });

  it('Value and Array: locked increments from five processes reach the exact total; typecodes round-trip', async () => {
    const { model, end } = await runProgram(programPath('sync-shared.ts'));
    assert.equal(end.exitCode, 0);
    everyWorkerEndedNormally(model);
    assert.deepEqual(linesOf(model, 'MainProcess'), [
      'Final value: 500',
      'array: 11.5,12.5,13.5 last=13.5 length=3',
      'b=-128 B=0 h=-32768 H=0 i=-2147483648 I=0 l=1099511627777 L=1099511627777 q=-9007199254740991 Q=9007199254740991 f=0.10000000149011612 d=0.1',
      'chars: hi ! wide: é',
      'ints: 0,7,0,0 obj=Int32Array slice=7,0',
      'refused: IndexError',
      'refused: TypeError',
      'refused: AttributeError',
      'refused: TypeError',
    ]);
    primitive(model, 'value', 'counter');
    const lock = primitive(model, 'rlock', 'counter.lock');
    assert.equal(lock.ops.filter((o) => o.op === 'acquire').length, 500, 'every increment took the lock');
  });

  it('Lock.acquireAsync waits without blocking the thread, times out, and names the release that woke it', async () => {
    const { model, end } = await runProgram(programPath('lock-async.ts'));
    assert.equal(end.exitCode, 0);
    assert.deepEqual(outputText(model), ['timed acquireAsync: false', 'non-blocking acquireAsync: false', 'acquireAsync: true', 'event loop ran meanwhile: true']);
    const main = workerNamed(model, 'MainProcess');
    const lockWaits = main.states.filter((s) => s.state === 'blocked' && s.wait === 'lock');
    assert.equal(lockWaits.length, 2, 'the timed wait and the one that got it');
    assert.ok(model.wakes.some((w) => w.waiter === main.id && w.op === 'release' && w.by === workerNamed(model, 'Process-1').id));
  });

  it('Event.waitAsync keeps a worker alive while it is all the worker has left to do', async () => {
    const { model, end } = await runProgram(programPath('await-event.ts'));
    assert.equal(end.exitCode, 0);
    assert.deepEqual(outputText(model), ['woken: true']);
  });

  it('the promise twins (acquireAsync, waitAsync) wait without blocking the thread', async () => {
    const { model, end } = await runProgram(programPath('sync-async.ts'));
    assert.equal(end.exitCode, 0);
    everyWorkerEndedNormally(model);
    assert.deepEqual(linesOf(model, 'MainProcess'), [
      'meet passed: true',
      'acquired: true',
      'event loop ran meanwhile: true',
      'waitAsync timeout: false owned again: true',
      'timed acquireAsync: false',
    ]);
    const sem = primitive(model, 'semaphore', 'sem');
    const wake = model.wakes.find((w) => w.primitive === sem.id);
    assert.equal(wake?.by, workerNamed(model, 'Process-1').id);
    assert.equal(wake?.op, 'release');
  });

  it('every other promise twin (joinAsync, queue/pipe/condition/pool forms, for await imap) resolves as its blocking call returns', async () => {
    const { model, end } = await runProgram(programPath('async-twins.ts'));
    assert.equal(end.exitCode, 0);
    assert.deepEqual(linesOf(model, 'MainProcess'), [
      'waitAsync(10) before: false',
      'getAsync(10) on empty: true',
      'waitAsync: true',
      'getAsync: from helper',
      'joinAsync: every job done',
      'simple getAsync: simple',
      'pollAsync: true recvAsync: over the pipe',
      'waitForAsync: true',
      'joinAsync: exitCode 0',
      'hold: locked true',
      'after dispose: acquired true',
      'RawArray: 5,2.5 has lock: false',
      'promise: 49',
      'for await imap: 1,4',
      'next(20): TimeoutError',
      'pool joinAsync: the slow task gave 9',
      'sleepAsync done',
    ]);
    // joinAsync is traced like join: a wait on the process, woken by its exit.
    const helper = workerNamed(model, 'Process-1');
    const join = model.wakes.find((w) => w.op === 'exit' && w.by === helper.id);
    assert.equal(join?.waiter, workerNamed(model, 'MainProcess').id);
  });
});
