import { strict as assert } from 'node:assert';
import { LockOrderDetector } from '../../src/host/detectors/lockOrderDetector';
import { asMillis, asPrimitiveId, asWorkerId } from '../../src/model/ids';
import { RunModel } from '../../src/model/runModel';
import type { OpKind, TraceEvent } from '../../src/model/trace';

const [a, b] = [asPrimitiveId(10), asPrimitiveId(11)];
const [first, second] = [asWorkerId(1), asWorkerId(2)];

function setUp(): { model: RunModel; detector: LockOrderDetector; op: (worker: typeof first, primitive: typeof a, op: OpKind) => ReturnType<LockOrderDetector['observe']> } {
  const model = new RunModel({ history: false, opCounts: false });
  const events: TraceEvent[] = [
    { t: 'workerStart', at: asMillis(0), worker: first, name: 'one', role: 'process', daemon: false },
    { t: 'workerStart', at: asMillis(0), worker: second, name: 'two', role: 'process', daemon: false },
    { t: 'primitiveCreate', at: asMillis(0), worker: first, primitive: a, kind: 'lock', name: 'a' },
    { t: 'primitiveCreate', at: asMillis(0), worker: first, primitive: b, kind: 'lock', name: 'b' },
  ];
  model.applyAll(events);
  const detector = new LockOrderDetector(model);
  let seq = 0;
  let at = 1;
  return { model, detector, op: (worker, primitive, op) => detector.observe({ t: 'op', at: asMillis(at++), worker, primitive, op, seq: ++seq }) };
}

describe('lock-order detector', () => {
  it('takes no order from a lock released before the next is taken, however often', () => {
    const { op } = setUp();
    for (let round = 0; round < 3; round++) {
      assert.equal(op(first, a, 'acquire'), undefined);
      op(first, a, 'release');
      assert.equal(op(first, b, 'acquire'), undefined);
      op(first, b, 'release');
    }
    // b then a, nested, in the other worker: no cycle, since the first never held a while taking b.
    assert.equal(op(second, b, 'acquire'), undefined);
    assert.equal(op(second, a, 'acquire'), undefined);
  });

  it('finds the inversion once a lock taken again is held while taking the other', () => {
    const { op } = setUp();
    op(first, a, 'acquire');
    op(first, a, 'release');
    op(first, a, 'acquire');
    assert.equal(op(first, b, 'acquire'), undefined, 'a → b, one worker: not yet a cycle');
    op(first, b, 'release');
    op(first, a, 'release');
    op(second, b, 'acquire');
    const problem = op(second, a, 'acquire');
    assert.equal(problem?.kind, 'potentialDeadlock');
    assert.match(problem?.summary ?? '', /two takes `b` then `a`; one takes `a` then `b`/);
  });

  it('counts re-entrant holds: a lock still held once after one of two releases still orders', () => {
    const { op } = setUp();
    op(first, a, 'acquire');
    op(first, a, 'acquire');
    op(first, a, 'release');
    op(first, b, 'acquire');
    op(second, b, 'acquire');
    assert.equal(op(second, a, 'acquire')?.kind, 'potentialDeadlock');
  });

  it("keeps who holds what when another worker releases a Lock (as Python allows)", () => {
    const { op } = setUp();
    op(first, a, 'acquire');
    op(second, a, 'release');
    // The first no longer holds a: taking b orders nothing, so b then a in the second is no cycle.
    assert.equal(op(first, b, 'acquire'), undefined);
    op(first, b, 'release');
    op(second, b, 'acquire');
    assert.equal(op(second, a, 'acquire'), undefined, 'no inversion: the first never held a while taking b');
    op(second, a, 'release');
    op(second, b, 'release');
    // The second took b then a; its count of a came back to 0, not below: the first holding a
    // again while taking b is the inversion.
    op(first, a, 'acquire');
    assert.equal(op(first, b, 'acquire')?.kind, 'potentialDeadlock');
  });
});
