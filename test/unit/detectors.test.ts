import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describePrimitiveState, primitiveStates } from '../../src/extension/primitiveState';
import type { Problem } from '../../src/model/problems';
import { outputText, programPath, repoRoot, runProgram } from './support/runProgram';

/** Runs a program and stops it as soon as a deadlock or hang is reported (as the CLI does). */
async function runUntilStuck(path: string) {
  return runProgram(path, {
    onEvents: (supervisor) => {
      const stuck = [...supervisor.model.problems.values()].some((p) => p.kind === 'deadlock' || p.kind === 'hang');
      if (stuck) supervisor.stop();
    },
  });
}

const problems = (model: { problems: Map<string, Problem> }, kind: Problem['kind']) => [...model.problems.values()].filter((p) => p.kind === kind);

describe('detectors on real runs', function () {
  this.slow(3000);

  it('reports a two-lock deadlock once, with owners and the blocked lines', async () => {
    const { model } = await runUntilStuck(join(repoRoot, 'demos', 'lock-order-deadlock.ts'));
    const [deadlock, ...more] = problems(model, 'deadlock');
    assert.ok(deadlock, 'deadlock reported');
    assert.equal(more.length, 0);
    assert.deepEqual(
      deadlock.workers.map((s) => [s.workerName, s.primitiveName, s.heldByName, s.site?.line]),
      [['Process-1', 'b', 'Process-2', 12], ['Process-2', 'a', 'Process-1', 12]],
    );
    const formed = Math.max(...deadlock.workers.map((s) => s.since));
    assert.ok(deadlock.detectedAt >= formed, 'not before the cycle formed');
    assert.equal(problems(model, 'hang').length, 0, 'a deadlock is not also a hang');
    assert.equal(problems(model, 'potentialDeadlock').length, 1, 'the inversion itself is seen too');
  });

  it('reports a deadlock through two BoundedSemaphores used as locks, with their holders', async () => {
    const { model } = await runUntilStuck(programPath('semaphore-deadlock.ts'));
    const [deadlock, ...more] = problems(model, 'deadlock');
    assert.ok(deadlock, 'deadlock reported');
    assert.equal(more.length, 0);
    assert.deepEqual(
      deadlock.workers.map((s) => [s.workerName, s.primitiveKind, s.heldByName, s.site?.line]),
      [['Process-1', 'boundedSemaphore', 'Process-2', 9], ['Process-2', 'boundedSemaphore', 'Process-1', 9]],
    );
    assert.equal(problems(model, 'hang').length, 0, 'a deadlock is not also a hang');
  });

  it('reports two workers each holding a unit of a Semaphore(2) and wanting another', async () => {
    const { model } = await runUntilStuck(programPath('semaphore-greedy.ts'));
    const [deadlock] = problems(model, 'deadlock');
    assert.ok(deadlock, 'deadlock reported');
    assert.deepEqual(deadlock.workers.map((s) => [s.workerName, s.heldByName]), [['Process-1', 'Process-1, Process-2'], ['Process-2', 'Process-1, Process-2']]);
  });

  it('never calls a wait on a Semaphore used as a signal a deadlock', async () => {
    const { model, end } = await runProgram(programPath('semaphore-signal.ts'));
    assert.equal(end.exitCode, 0);
    assert.deepEqual(outputText(model), ['all consumed']);
    assert.deepEqual([...model.problems.values()].map((p) => p.kind), []);
  });

  it('has no join cycles to find: as in Python, only the parent may join a process', async () => {
    const { model, end } = await runProgram(programPath('join-not-child.ts'));
    assert.equal(end.exitCode, 0);
    assert.deepEqual(outputText(model), ['AssertionError: can only join a child process', 'main joined both: 0,0']);
    assert.equal(problems(model, 'deadlock').length, 0);
  });

  it('reports the five-way cycle of the dining philosophers, and nothing for the fixed table', async () => {
    const { model } = await runUntilStuck(join(repoRoot, 'demos', 'dining-philosophers.ts'));
    const [deadlock] = problems(model, 'deadlock');
    assert.equal(deadlock?.workers.length, 5);
    assert.deepEqual(new Set(deadlock?.workers.map((s) => s.primitiveName)), new Set(['fork-0', 'fork-1', 'fork-2', 'fork-3', 'fork-4']));
    const fixed = await runProgram(join(repoRoot, 'demos', 'dining-philosophers-fixed.ts'));
    assert.deepEqual([...fixed.model.problems.values()], []);
    assert.ok(outputText(fixed.model).includes('everyone ate'));
  });

  it('does not call RLock re-entry or a Condition wait (which releases its lock) a deadlock', async () => {
    const { model } = await runProgram(programPath('rlock-reentry.ts'));
    assert.deepEqual(outputText(model), ['three levels deep', 'notified: true']);
    assert.deepEqual([...model.problems.values()].map((p) => p.kind), []);
  });

  it('reports a barrier short of parties as a hang', async () => {
    const { model } = await runUntilStuck(programPath('barrier-short.ts'));
    const [hang] = problems(model, 'hang');
    assert.deepEqual(hang?.workers.map((s) => s.wait), ['join', 'barrier', 'barrier']);
  });

  it('reports a Lock acquired twice by one worker as a deadlock with itself', async () => {
    const { model } = await runUntilStuck(programPath('self-deadlock.ts'));
    const [deadlock] = problems(model, 'deadlock');
    assert.match(deadlock?.summary ?? '', /MainProcess waits for a lock it already holds/);
    assert.equal(deadlock?.workers[0]?.site?.line, 7);
  });

  it('reports a hang on an event nobody sets, with each blocked call site', async () => {
    const { model } = await runUntilStuck(join(repoRoot, 'demos', 'hang.ts'));
    const [hang] = problems(model, 'hang');
    assert.ok(hang, 'hang reported');
    assert.deepEqual(hang.workers.map((s) => [s.workerName, s.wait, s.site?.line]), [['MainProcess', 'join', 16], ['Process-1', 'event', 8]]);
    assert.equal(problems(model, 'deadlock').length, 0);
  });

  it('reports a lock-order inversion in a run that completes, with both orders and sites', async () => {
    const { model, end } = await runProgram(join(repoRoot, 'demos', 'potential-deadlock.ts'));
    assert.equal(end.exitCode, 0);
    assert.ok(outputText(model).includes('finished without deadlock'));
    const [potential] = problems(model, 'potentialDeadlock');
    assert.ok(potential);
    const orders = potential.orders!.map((o) => `${o.workerName}:${o.firstName}@${o.firstSite?.line}>${o.thenName}@${o.thenSite?.line}`).sort();
    assert.deepEqual(orders, ['Process-1:accounts@8>audit@9', 'Process-2:audit@14>accounts@15']);
    assert.equal(problems(model, 'deadlock').length + problems(model, 'hang').length, 0);
  });

  it('finds an inversion cycle of three locks across three workers', async () => {
    const { model } = await runProgram(programPath('three-lock-inversion.ts'));
    const [potential] = problems(model, 'potentialDeadlock');
    assert.equal(potential?.orders?.length, 3);
  });

  it('reports nothing for a long healthy run with heavy, consistently ordered locking', async () => {
    const { model, end } = await runProgram(programPath('heavy-locking.ts'));
    assert.equal(end.exitCode, 0);
    assert.equal(end.records.dropped, 0);
    assert.deepEqual([...model.problems.values()], []);
    // Hand-offs while the two overlap (how much they do depends on start-up), many seen while
    // spinning: a release is stamped before its unlock, so no acquire it let through comes first.
    for (const wake of model.wakes.filter((w) => w.op === 'release')) {
      assert.ok(wake.opAt !== undefined && wake.opAt <= wake.at, `woken at ${wake.at} ms by a release at ${wake.opAt} ms`);
    }
  });

  it('says when a worker ends holding a lock', async () => {
    const { model } = await runProgram(programPath('dead-owner.ts'));
    const [dead] = problems(model, 'deadOwner');
    assert.match(dead?.summary ?? '', /Process-1 ended \(exit 0\) while holding lock `lock`/);
    assert.ok(outputText(model).includes('acquired after owner died: false'), 'Python semantics: it stays locked');
  });

  it('says so however the holder ended: an RLock after a throw, a Semaphore after exit(n), a Lock after terminate()', async () => {
    const { model } = await runProgram(programPath('dead-owners.ts'));
    const summaries = problems(model, 'deadOwner').map((p) => p.summary).sort();
    assert.equal(summaries.length, 3, summaries.join('\n'));
    assert.match(summaries[0]!, /^exiter ended \(exit 3\) while holding 1 of semaphore `pool` \(acquired, never released\).* MainProcess may wait forever/);
    assert.match(summaries[1]!, /^thrower ended \(exit 1\) while holding rlock `rlock`: it stays locked/);
    assert.match(summaries[2]!, /^victim ended \(exit -15\) while holding lock `lock`: it stays locked/);
    assert.deepEqual(outputText(model).slice(-1), ['rlock free: false, semaphore value: 1 (acquired true, false), lock free: false'], 'Python semantics: all stay held');
    // The live state (Primitives view) says who holds each, and that the holder has ended.
    const live = Object.fromEntries(primitiveStates(model).map((state) => [state.primitive.name, describePrimitiveState(model, state)]));
    assert.match(live.rlock!, /^held by thrower \(ended\)/);
    assert.match(live.lock!, /^held by victim \(ended\)/);
    assert.equal(live.pool, '2 held (2 by ended MainProcess, exiter) · 0 waiting', 'MainProcess took the last unit, then ended too');
  });

  it('says nothing of a Semaphore kept by an ended worker while nobody waits on it, nor of released locks', async () => {
    const { model } = await runProgram(programPath('sync-locks.ts'));
    assert.deepEqual(problems(model, 'deadOwner'), []);
  });
});
