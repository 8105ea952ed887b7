// Stop is idempotent, and runs at the same time never see each other (each has its own arena,
// rings and workers). Runs the real supervisor in this process, as the host does.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { DEFAULT_SUPERVISOR_OPTIONS, RunSupervisor } from '../../src/host/supervisor';
import { BatchDecoder } from '../../src/model/batchDecoder';
import type { HostMessage, RunEnd } from '../../src/model/messages';
import { distDir, outputText, programPath, repoRoot, runProgram } from './support/runProgram';

describe('Stop twice, two runs at once', function () {
  this.slow(5000);

  it('Stop, Stop again, and Stop after the end: one end, exit -15 for every worker, measured latency', async () => {
    const ends: RunEnd[] = [];
    let stoppedAt = 0;
    const decoder = new BatchDecoder();
    const supervisor: RunSupervisor = new RunSupervisor(
      programPath('spin-forever.ts'),
      (message: HostMessage) => {
        if (message.type === 'batch' && !stoppedAt && decoder.decode(message.parts).some((e) => e.t === 'output' && e.text === 'spinning')) {
          stoppedAt = performance.now();
          supervisor.stop();
          supervisor.stop();
        }
        if (message.type === 'runEnd') {
          ends.push(message.end);
          supervisor.stop();
        }
      },
      { ...DEFAULT_SUPERVISOR_OPTIONS, ringBytes: 1 << 16 },
      distDir,
    );
    supervisor.start();
    while (ends.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const stopMs = performance.now() - stoppedAt;
    // Past the forced-end grace period: a second end would have come by now.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(ends.length, 1, 'the run ended once');
    assert.equal(ends[0]!.reason, 'stopped');
    assert.deepEqual([...supervisor.model.workers.values()].map((w) => w.exitCode), [-15, -15]);
    // Reported, not asserted: wall-clock speed belongs in bench/ (the row's target is 1 s).
    console.log(`      Stop latency (spinning worker): ${Math.round(stopMs)} ms`);
  });

  it('two runs of the same program at once keep their shared state, workers and output apart', async () => {
    const demo = join(repoRoot, 'demos', 'basics-lock-value.ts');
    const [first, second] = await Promise.all([runProgram(demo), runProgram(demo)]);
    for (const { model, end } of [first, second]) {
      assert.equal(end.exitCode, 0);
      assert.deepEqual(outputText(model), ['Final value: 5'], 'each run counted only its own five updates');
      assert.equal(model.workers.size, 6);
    }
  });
});
