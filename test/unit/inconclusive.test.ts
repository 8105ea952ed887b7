// Lost trace records may hide the very wake-up or release a verdict depends on: a deadlock or
// hang found through a trace with holes must say "inconclusive", never be a confident verdict.
import { strict as assert } from 'node:assert';
import { RunDetectors } from '../../src/host/detectors/runDetectors';
import { asMillis, asPrimitiveId, asWorkerId } from '../../src/model/ids';
import type { Problem } from '../../src/model/problems';
import { RunModel } from '../../src/model/runModel';
import { ARENA_BYTES, slotBase } from '../../src/runtime/arenaLayout';
import { programPath, runProgram } from './support/runProgram';

describe('verdicts through lost records', function () {
  this.slow(4000);
  const [main, other] = [asWorkerId(0), asWorkerId(1)];
  const [a, b] = [asPrimitiveId(5), asPrimitiveId(6)];

  /** Two workers each waiting for the lock the other holds (owners in the arena, waits in the model). */
  function crossedLocks(droppedBy: number | undefined): Problem[] {
    const arena = new Int32Array(new SharedArrayBuffer(ARENA_BYTES));
    const model = new RunModel();
    model.applyAll([
      { t: 'workerStart', at: asMillis(0), worker: main, name: 'MainProcess', role: 'main', daemon: false },
      { t: 'workerStart', at: asMillis(0), worker: other, name: 'Process-1', role: 'process', daemon: false },
      { t: 'primitiveCreate', at: asMillis(1), worker: main, primitive: a, kind: 'lock', name: 'a' },
      { t: 'primitiveCreate', at: asMillis(1), worker: main, primitive: b, kind: 'lock', name: 'b' },
      { t: 'waitBegin', at: asMillis(2), worker: main, wait: 'lock', primitive: b },
      { t: 'waitBegin', at: asMillis(2), worker: other, wait: 'lock', primitive: a },
    ]);
    if (droppedBy !== undefined) model.apply({ t: 'dropped', at: asMillis(2), worker: asWorkerId(droppedBy), count: 3 });
    // Word 0 of a lock slot: owner worker id + 1.
    Atomics.store(arena, slotBase(a), main + 1);
    Atomics.store(arena, slotBase(b), other + 1);
    const detectors = new RunDetectors(model, arena);
    const found: Problem[] = [];
    for (const now of [10, 40, 80, 150, 300]) found.push(...detectors.check(asMillis(now), () => true, false));
    return found;
  }

  it('reports a deadlock through a complete trace as certain', () => {
    const found = crossedLocks(undefined);
    assert.deepEqual(found.map((p) => [p.kind, p.inconclusive ?? false]), [['deadlock', false]]);
  });

  it('marks the same deadlock inconclusive once a worker in it lost records', () => {
    for (const worker of [0, 1]) {
      const found = crossedLocks(worker);
      assert.deepEqual(found.map((p) => [p.kind, p.inconclusive]), [['deadlock', true]], `records lost by worker ${worker}`);
    }
  });

  it("still finds the hang after a ring overflow (an untimed wait's record waits for room) and marks it inconclusive", async () => {
    const { model } = await runProgram(programPath('flood-then-hang.ts'), {
      ringBytes: 4096,
      onEvents: (supervisor) => {
        if ([...supervisor.model.problems.values()].some((p) => p.kind === 'hang')) supervisor.stop();
      },
    });
    const worker = [...model.workers.values()].find((w) => w.name === 'Process-1')!;
    assert.ok(worker.dropped > 0, 'the ring overflowed');
    const verdicts = [...model.problems.values()].filter((p) => p.kind === 'hang' || p.kind === 'deadlock');
    assert.equal(verdicts.length, 1);
    assert.equal(verdicts[0]!.inconclusive, true);
  });
});
