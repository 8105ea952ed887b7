import { strict as assert } from 'node:assert';
import { renderSummary } from '../../src/cli/summary';
import { RunModel } from '../../src/model/runModel';
import { programPath, runProgram } from './support/runProgram';

/**
 * The CLI keeps no history unless a report or trace is asked for, so its summary reads tallies
 * the model keeps in both modes. They must say what the history says.
 */
describe('run summary without history', function () {
  this.slow(6000);

  for (const program of ['event-ping-pong.ts', 'pool-errors.ts', 'pool-chunks.ts', 'lock-contention.ts']) {
    it(`tallies what the history of ${program} shows`, async () => {
      const cliWay = new RunModel({ history: false });
      const { model: full, end, events } = await runProgram(programPath(program), { leanModel: cliWay });
      const fromEvents = new RunModel({ history: false });
      fromEvents.applyAll(events);
      for (const lean of [fromEvents, cliWay]) {
        for (const worker of full.workers.values()) {
          const fromHistory: Record<string, number> = {};
          for (const s of worker.states) if (s.to !== undefined) fromHistory[s.state] = (fromHistory[s.state] ?? 0) + (s.to - s.from);
          for (const [state, ms] of Object.entries(fromHistory)) {
            assert.ok(Math.abs((lean.workers.get(worker.id)!.timeIn[state as never] ?? 0) - ms) < 1e-6, `${worker.name}: time ${state}`);
          }
          assert.deepEqual(lean.workers.get(worker.id)!.states.map((s) => s.state), [worker.states.at(-1)!.state], 'only the current state is kept');
        }
        for (const primitive of full.primitives.values()) {
          const tallied = lean.primitives.get(primitive.id)!;
          const counts = new Map<string, number>();
          for (const o of primitive.ops) counts.set(o.op, (counts.get(o.op) ?? 0) + 1);
          assert.deepEqual(Object.fromEntries(tallied.opCounts), Object.fromEntries(counts), `${primitive.name}: op counts`);
          const wakes = full.wakes.filter((w) => w.primitive === primitive.id);
          assert.equal(tallied.woke, wakes.length, `${primitive.name}: wakes`);
          assert.deepEqual([...tallied.wokeWaiters], [...new Set(wakes.map((w) => w.waiter))]);
          if (primitive.kind === 'pool') {
            const ended = full.tasks.filter((t) => t.pool === primitive.id && t.ok !== undefined);
            const tally = lean.taskTally(primitive.id);
            assert.deepEqual([tally.ok, tally.failed], [ended.filter((t) => t.ok).length, ended.filter((t) => !t.ok).length]);
            assert.equal(tally.firstError, ended.find((t) => !t.ok)?.error);
          }
        }
        assert.equal(renderSummary(lean, end), renderSummary(full, end));
      }
      assert.equal(cliWay.eventCount, fromEvents.eventCount, 'a tallied op or chunked task counts as the events it stands for');
    });
  }
});
