// Pins a false hang seen under load: MainProcess still "waiting" on a join whose process had
// already exited (its wake-up not yet traced) while every other worker had ended.
import { strict as assert } from 'node:assert';
import { StuckWorkerReader } from '../../src/host/detectors/stuckWorkers';
import { asMillis, asPrimitiveId, asWorkerId } from '../../src/model/ids';
import { RunModel } from '../../src/model/runModel';
import { ARENA_BYTES, EventSlot, ProcessSlot, ProcessState, slotBase } from '../../src/runtime/arenaLayout';

describe('stuck worker reader', () => {
  const main = asWorkerId(0);
  const child = asPrimitiveId(5);
  const flag = asPrimitiveId(6);

  function setup() {
    const arena = new Int32Array(new SharedArrayBuffer(ARENA_BYTES));
    const model = new RunModel();
    model.applyAll([
      { t: 'workerStart', at: asMillis(0), worker: main, name: 'MainProcess', role: 'main', daemon: false },
      { t: 'primitiveCreate', at: asMillis(1), worker: main, primitive: child, kind: 'process', name: 'Process-1' },
      { t: 'primitiveCreate', at: asMillis(1), worker: main, primitive: flag, kind: 'event', name: 'ready' },
    ]);
    return { arena, model, reader: new StuckWorkerReader(model, arena) };
  }

  it('does not count a join on a process that has already exited', () => {
    const { arena, model, reader } = setup();
    model.apply({ t: 'waitBegin', at: asMillis(2), worker: main, wait: 'join', primitive: child });
    Atomics.store(arena, slotBase(child) + ProcessSlot.workerId, 1);
    assert.equal(reader.blocked(() => true).blocked.length, 1, 'still running: blocked');
    Atomics.store(arena, slotBase(child) + ProcessSlot.state, ProcessState.exited);
    assert.equal(reader.blocked(() => true).blocked.length, 0, 'exited: the wake is on its way');
  });

  it('does not count a wait on an event that is already set', () => {
    const { arena, model, reader } = setup();
    model.apply({ t: 'waitBegin', at: asMillis(2), worker: main, wait: 'event', primitive: flag });
    assert.equal(reader.blocked(() => true).blocked.length, 1);
    Atomics.store(arena, slotBase(flag) + EventSlot.flag, 1);
    assert.equal(reader.blocked(() => true).blocked.length, 0);
  });
});
