import { strict as assert } from 'node:assert';
import { asPrimitiveId as lock, asWorkerId as w } from '../../src/model/ids';
import { LockOrderGraph } from '../../src/model/lockOrder';
import { findCycles, findDeadlocks } from '../../src/model/waitForGraph';

describe('wait-for graph', () => {
  it('finds a two-worker cycle once, from its smallest worker', () => {
    const cycles = findCycles([
      { from: w(2), to: w(1), info: 'b' },
      { from: w(1), to: w(2), info: 'a' },
      { from: w(0), to: w(1), info: 'join' },
    ]);
    assert.deepEqual(cycles.map((c) => c.map((e) => e.info)), [['a', 'b']]);
  });

  it('finds a five-worker cycle (dining philosophers) and a self-loop', () => {
    const ring = [1, 2, 3, 4, 5].map((i) => ({ from: w(i), to: w((i % 5) + 1), info: i }));
    assert.deepEqual(findCycles(ring).map((c) => c.map((e) => e.from)), [[1, 2, 3, 4, 5]]);
    assert.equal(findCycles([{ from: w(3), to: w(3), info: 'again' }]).length, 1);
  });

  it('reports no cycle for a chain (a hang, not a deadlock)', () => {
    assert.deepEqual(findCycles([{ from: w(0), to: w(1), info: 0 }, { from: w(1), to: w(2), info: 1 }]), []);
  });
});

describe('lock-order graph', () => {
  const edge = (first: number, then: number, worker: number) => ({ first: lock(first), then: lock(then), worker: w(worker), info: `${worker}:${first}>${then}` });

  it('reports A→B in one worker and B→A in another, once', () => {
    const graph = new LockOrderGraph<string>();
    assert.equal(graph.add(edge(1, 2, 1)), undefined);
    const cycle = graph.add(edge(2, 1, 2));
    assert.deepEqual(cycle?.map((e) => e.info), ['2:2>1', '1:1>2']);
    assert.equal(graph.add(edge(2, 1, 3)), undefined, 'the same inversion is reported once');
  });

  it('does not report one worker taking locks in both orders at different times', () => {
    const graph = new LockOrderGraph<string>();
    graph.add(edge(1, 2, 1));
    assert.equal(graph.add(edge(2, 1, 1)), undefined);
  });

  it('finds longer cycles across three workers', () => {
    const graph = new LockOrderGraph<string>();
    graph.add(edge(1, 2, 1));
    graph.add(edge(2, 3, 2));
    assert.deepEqual(graph.add(edge(3, 1, 3))?.map((e) => e.info), ['3:3>1', '1:1>2', '2:2>3']);
  });

  it('stays quiet for a consistent order', () => {
    const graph = new LockOrderGraph<string>();
    for (let worker = 1; worker <= 3; worker++) {
      assert.equal(graph.add(edge(1, 2, worker)), undefined);
      assert.equal(graph.add(edge(2, 3, worker)), undefined);
      assert.equal(graph.add(edge(1, 3, worker)), undefined);
    }
  });
});

describe('deadlocks with several possible releasers', () => {
  const wait = (from: number, releasers: number[]) => ({ from: w(from), releasers: releasers.map(w), info: from });
  const found = (waits: ReturnType<typeof wait>[]) => findDeadlocks(waits).map((group) => group.map((m) => m.info));

  it('agrees with the cycles when each wait has one releaser, leaving out a join on the cycle', () => {
    assert.deepEqual(found([wait(2, [1]), wait(1, [2]), wait(0, [1])]), [[1, 2]]);
    const ring = [1, 2, 3, 4, 5].map((i) => wait(i, [(i % 5) + 1]));
    assert.deepEqual(found([...ring, wait(0, [1])]), [[1, 2, 3, 4, 5]]);
    assert.deepEqual(found([wait(3, [3])]), [[3]]);
    assert.deepEqual(found([wait(0, [1]), wait(1, [2])]), []);
  });

  it('is a deadlock when every holder of the semaphore waited on is in the group', () => {
    // 1 and 2 each hold a unit of `s` and wait on a lock the other holds... 3 waits on `s`.
    assert.deepEqual(found([wait(1, [2]), wait(2, [1]), wait(3, [1, 2])]), [[1, 2]]);
    // 1 and 2 both hold units of `s` and each waits on `s`: nobody can give one back.
    assert.deepEqual(found([wait(1, [1, 2]), wait(2, [1, 2])]), [[1, 2]]);
  });

  it('is not a deadlock while one holder could still release', () => {
    // 2 holds a unit too and is running (not blocked): it may release.
    assert.deepEqual(found([wait(1, [1, 2])]), []);
    // 3 is blocked, but on a lock held by 4, who runs.
    assert.deepEqual(found([wait(1, [2, 3]), wait(2, [1]), wait(3, [4])]), []);
  });

  it('keeps unrelated deadlocks apart', () => {
    assert.deepEqual(found([wait(1, [2]), wait(2, [1]), wait(5, [6]), wait(6, [5])]), [[1, 2], [5, 6]]);
  });
});
