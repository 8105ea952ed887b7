import { strict as assert } from 'node:assert';
import { describeState } from '../../src/cli/format';
import { asMillis, asWorkerId } from '../../src/model/ids';
import { RunModel } from '../../src/model/runModel';

describe('CLI state text', () => {
  it("says how each worker ended in Python's words: done, failed, terminated, killed", () => {
    const model = new RunModel();
    const ends = [
      ['Process-1', 0],
      ['Process-2', 3],
      ['SpawnPoolWorker-1', -15],
      ['Process-3', -9],
    ] as const;
    ends.forEach(([name, exitCode], index) => {
      const worker = asWorkerId(index + 1);
      model.apply({ t: 'workerStart', at: asMillis(0), worker, name, role: 'process', daemon: false });
      model.apply({ t: 'workerExit', at: asMillis(5), worker, exitCode });
    });
    const text = [...model.workers.values()].map((worker) => `${worker.name} ${describeState(model, worker, model.currentState(worker))}`);
    assert.deepEqual(text, [
      'Process-1 done (exit 0)',
      'Process-2 failed (exit 3)',
      'SpawnPoolWorker-1 terminated (exit -15)',
      'Process-3 killed (exit -9)',
    ]);
  });
});
