import { strict as assert } from 'node:assert';
import { asMillis, asPrimitiveId, asWorkerId } from '../../src/model/ids';
import { RunModel } from '../../src/model/runModel';
import type { TraceEvent } from '../../src/model/trace';

const ms = asMillis;
const main = asWorkerId(0);
const child = asWorkerId(1);
const flag = asPrimitiveId(4);

describe('run model', () => {
  const start: TraceEvent[] = [
    { t: 'workerStart', at: ms(0), worker: main, name: 'MainProcess', role: 'main', daemon: false },
    { t: 'workerStart', at: ms(1), worker: child, name: 'Process-1', role: 'process', parent: main, daemon: false, target: 'task' },
    { t: 'primitiveCreate', at: ms(0.5), worker: main, primitive: flag, kind: 'event', name: 'ready' },
  ];

  it('builds state intervals that tile each lane', () => {
    const model = new RunModel();
    model.applyAll([
      ...start,
      { t: 'op', at: ms(1), worker: child, primitive: asPrimitiveId(-1), op: 'boot', seq: 0 },
      { t: 'waitBegin', at: ms(2), worker: child, wait: 'event', primitive: flag, site: { file: '/p.ts', line: 3, column: 5 } },
      { t: 'op', at: ms(10), worker: main, primitive: flag, op: 'set', seq: 1 },
      { t: 'waitEnd', at: ms(10.2), worker: child, outcome: 'woken', primitive: flag, by: main, op: 'set', opSeq: 1 },
      { t: 'workerExit', at: ms(12), worker: child, exitCode: 0 },
    ]);
    const states = model.workers.get(child)!.states;
    assert.deepEqual(
      states.map((s) => [s.state, s.from, s.to]),
      [['running', 1, 2], ['waiting', 2, 10.2], ['running', 10.2, 12], ['done', 12, undefined]],
    );
    assert.equal(states[1]!.on, flag);
    assert.equal(states[1]!.site?.line, 3);
    assert.deepEqual(model.wakes, [{ waiter: child, primitive: flag, by: main, op: 'set', opSeq: 1, opAt: 10, at: 10.2 }]);
    assert.equal(model.latest, 12);
  });

  it('keeps a worker starting until its runtime boots, or until the first record it writes', () => {
    const model = new RunModel();
    const other = asWorkerId(2);
    model.applyAll([
      ...start,
      { t: 'workerStart', at: ms(1), worker: other, name: 'Process-2', role: 'process', parent: main, daemon: false, target: 'task' },
      { t: 'op', at: ms(40), worker: child, primitive: asPrimitiveId(-1), op: 'boot', seq: 0 },
      // A trace without boot ops (an older one, or one that lost it): the first record ends it.
      { t: 'waitBegin', at: ms(55), worker: other, wait: 'event', primitive: flag },
    ]);
    assert.deepEqual(model.workers.get(child)!.states.map((s) => [s.state, s.from, s.to]), [['starting', 1, 40], ['running', 40, undefined]]);
    assert.deepEqual(model.workers.get(other)!.states.map((s) => [s.state, s.from, s.to]), [['starting', 1, 55], ['waiting', 55, undefined]]);
  });

  it('links a wake to its releasing op even when the op arrives later (rings drain one at a time)', () => {
    const model = new RunModel();
    model.applyAll([
      ...start,
      { t: 'waitBegin', at: ms(2), worker: child, wait: 'event', primitive: flag },
      { t: 'waitEnd', at: ms(10.2), worker: child, outcome: 'woken', primitive: flag, by: main, op: 'set', opSeq: 7 },
    ]);
    assert.equal(model.wakes[0]!.opAt, undefined);
    model.apply({ t: 'op', at: ms(10), worker: main, primitive: flag, op: 'set', seq: 7 });
    assert.equal(model.wakes[0]!.opAt, 10);
  });

  it('finds the time of any earlier op by worker and sequence, with gaps, across many ops, or far ahead (a hand-edited trace)', () => {
    const model = new RunModel();
    const ops: TraceEvent[] = [];
    // 10 000 ops from main with every tenth missing (dropped records), then one far ahead.
    for (let seq = 1; seq <= 10_000; seq++) if (seq % 10 !== 0) ops.push({ t: 'op', at: ms(seq / 100), worker: main, primitive: flag, op: 'set', seq });
    ops.push({ t: 'op', at: ms(500), worker: main, primitive: flag, op: 'set', seq: 1e12 });
    ops.push({ t: 'op', at: ms(7), worker: child, primitive: flag, op: 'set', seq: 3 });
    const wokenBy = (by: typeof main, opSeq: number, at: number): TraceEvent => ({ t: 'waitEnd', at: ms(at), worker: child, outcome: 'woken', primitive: flag, by, op: 'set', opSeq });
    model.applyAll([...start, ...ops, wokenBy(main, 1, 600), wokenBy(main, 9_999, 601), wokenBy(main, 1e12, 602), wokenBy(child, 3, 603), wokenBy(main, 20, 604), wokenBy(child, 9_999, 605)]);
    assert.deepEqual(
      model.wakes.map((wake) => wake.opAt),
      [0.01, 99.99, 500, 7, undefined, undefined],
    );
    // The ops are kept once: each mark is the op's own event.
    assert.equal(model.primitives.get(flag)!.ops.length, ops.length);
    assert.equal(model.primitives.get(flag)!.ops[0], ops[0]);
  });

  it('marks a failed worker with its exit code and error, and counts dropped records', () => {
    const model = new RunModel();
    model.applyAll([
      ...start,
      { t: 'dropped', at: ms(3), worker: child, count: 12 },
      { t: 'workerExit', at: ms(5), worker: child, exitCode: 1, error: 'Error: boom' },
      { t: 'waitBegin', at: ms(6), worker: child, wait: 'sleep', timeoutMs: 5 },
    ]);
    const worker = model.workers.get(child)!;
    assert.equal(model.currentState(worker).state, 'failed', 'nothing reopens a finished lane');
    assert.equal(worker.exitCode, 1);
    assert.equal(worker.error, 'Error: boom');
    assert.equal(model.totalDropped(), 12);
  });
});
