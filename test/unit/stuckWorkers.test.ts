// Pins a false hang seen under load: MainProcess still "waiting" on a join whose process had
// already exited (its wake-up not yet traced) while every other worker had ended.
import { strict as assert } from 'node:assert';
import { StuckWorkerReader } from '../../src/host/detectors/stuckWorkers';
import { PoolHost } from '../../src/host/poolHost';
import { asMillis, asPrimitiveId, asWorkerId } from '../../src/model/ids';
import { RunModel } from '../../src/model/runModel';
import { ARENA_BYTES, EventSlot, ProcessSlot, ProcessState, slotBase } from '../../src/runtime/arenaLayout';
import { RingWord } from '../../src/runtime/poolLayout';

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

  // A false hang seen under load: the owner waiting for results, every pool worker "idle", but
  // tasks already in the ring (their workers not yet scheduled), or results not yet read.
  it("does not count a pool's idle worker while a task waits for it, nor its owner while a result does", () => {
    const { arena, model } = setup();
    const pool = asPrimitiveId(7);
    const worker = asWorkerId(1);
    const pools = new PoolHost({ arena, start: () => {}, terminate: () => {}, emit: () => {}, now: () => asMillis(0), mayStartWorkers: () => true });
    const ring = () => new SharedArrayBuffer(4096);
    const tasks = ring();
    const results = ring();
    pools.spawn(main, { type: 'poolSpawn', workerIds: [], initargs: [], pool: { id: pool, tasks, results, control: new SharedArrayBuffer(64) } });
    const reader = new StuckWorkerReader(model, arena, (id) => pools.backlog(id));
    model.applyAll([
      { t: 'primitiveCreate', at: asMillis(1), worker: main, primitive: pool, kind: 'pool', name: 'Pool-1' },
      { t: 'workerStart', at: asMillis(1), worker, name: 'SpawnPoolWorker-1', role: 'poolWorker', daemon: true, parent: main, pool },
      { t: 'waitBegin', at: asMillis(2), worker, wait: 'get', primitive: pool },
      { t: 'waitBegin', at: asMillis(3), worker: main, wait: 'result', primitive: pool },
    ]);
    const blockedNames = () => reader.blocked(() => true).blocked.map((b) => b.workerName).sort();
    assert.deepEqual(blockedNames(), ['MainProcess', 'SpawnPoolWorker-1'], 'empty rings: both wait');
    Atomics.store(new Int32Array(tasks), RingWord.write, 24);
    assert.deepEqual(blockedNames(), ['MainProcess'], 'a task waits in the ring: its worker is on its way');
    Atomics.store(new Int32Array(tasks), RingWord.read, 24);
    Atomics.store(new Int32Array(results), RingWord.write, 24);
    assert.deepEqual(blockedNames(), ['SpawnPoolWorker-1'], 'a result waits in the ring: the owner is on its way');
  });
});
