/**
 * Conformance of Process and the module functions with Python's multiprocessing, after the
 * behaviours CPython's Lib/test/_test_multiprocessing.py checks in _TestProcess (test_process,
 * test_kill/test_terminate exit codes, test_close, test_active_children, daemon clean-up) and
 * the start-method tests: a real program under the real host.
 */
import { strict as assert } from 'node:assert';
import type { RunModel } from '../../src/model/runModel';
import { programPath, runProgram, workerNamed } from './support/runProgram';

function linesOf(model: RunModel, worker: string): string[] {
  const id = workerNamed(model, worker).id;
  return model.output.filter((o) => o.worker === id).map((o) => o.text);
}

describe('conformance: Process and the module functions (Python semantics)', function () {
  this.slow(4000);
  this.timeout(20000);

  it('kwargs, kill (-9), terminate (-15), close, activeChildren, repr, parentProcess, daemon clean-up, start methods', async () => {
    const { model, end } = await runProgram(programPath('process-lifecycle.ts'));
    assert.equal(end.exitCode, 0);
    const closed = 'ValueError: process object is closed';
    assert.deepEqual(linesOf(model, 'MainProcess'), [
      'start method: spawn cpus>0: true parent: null',
      "fork: ValueError: cannot find context for 'fork'",
      "forkserver context: ValueError: cannot find context for 'forkserver'",
      'setExecutable: NotImplementedError: set_executable has no meaning in Threadline',
      'context: spawn true',
      "<Process name='Process-1' parent=0 initial>",
      "<Process name='Process-1' pid=1 parent=0 stopped exitcode=0>",
      "<Process name='reporter' parent=0 initial daemon>",
      'active: Process-4,Process-5',
      'close while running: ValueError: Cannot close a process while it is still running. You should first call join() or terminate().',
      "killed -9, terminated -15: <Process name='Process-4' pid=4 parent=0 stopped exitcode=-SIGKILL> <Process name='Process-5' pid=5 parent=0 stopped exitcode=-SIGTERM>",
      'active after: 0',
      "closed: <Process name='Process-4' parent=0 closed>",
      ...['isAlive', 'join', 'exitCode', 'terminate', 'kill', 'start'].map((what) => `after close, ${what}: ${closed}`),
      'name after close: Process-4',
      'a process never started closes',
      'daemon started',
      'main ends',
    ]);
    // kwargs arrive as the target's last argument.
    assert.deepEqual(linesOf(model, 'Process-1'), ['Hello, Ada!']);
    assert.deepEqual(linesOf(model, 'reporter'), ['child reporter: parent MainProcess pid 0']);
    assert.equal(workerNamed(model, 'Process-4').exitCode, -9);
    assert.equal(workerNamed(model, 'Process-5').exitCode, -15);
    // When main ends, its daemon child is ended and its non-daemon child is waited for.
    assert.equal(workerNamed(model, 'lingering daemon').exitCode, -15);
    assert.deepEqual(linesOf(model, 'lingering daemon'), []);
    assert.equal(workerNamed(model, 'late non-daemon').exitCode, 0);
    assert.deepEqual(linesOf(model, 'late non-daemon'), ['the non-daemon finished after main']);
  });

  it('a process terminates its daemonic children and its pools, and joins the others, before it ends (after return or exit(n))', async () => {
    const { model, end } = await runProgram(programPath('process-children.ts'));
    assert.equal(end.exitCode, 0);
    const main = workerNamed(model, 'MainProcess').id;
    const printed = (text: string) => model.output.find((o) => o.text === text)?.at ?? NaN;
    for (const [tag, code] of [['returns', 0], ['exits', 3]] as const) {
      const joined = printed(`${tag}: joined, exit code ${code}`);
      assert.ok(model.output.some((o) => o.worker === main && o.text === `${tag}: joined, exit code ${code}`));
      assert.ok(printed(`${tag}: the non-daemon grandchild of ${tag} finished`) < joined, `${tag}: its non-daemon child was joined first`);
      const daemon = workerNamed(model, `${tag} daemon`);
      assert.equal(daemon.exitCode, -15);
      const ended = daemon.states.at(-1)!.from;
      assert.ok(ended < joined, `${tag}: its daemon child was ended with it, not with main`);
      const poolWorker = [...model.workers.values()].find((w) => w.role === 'poolWorker' && w.parent === workerNamed(model, tag).id)!;
      assert.equal(poolWorker.exitCode, -15);
      assert.ok(poolWorker.states.at(-1)!.from < joined, `${tag}: the pool it left running was terminated with it`);
    }
    assert.ok(!model.output.some((o) => o.text.includes('outlived')));
  });

  it("getLogger/logToStderr: Python's levels, record format, lifecycle records in every process", async () => {
    const { model, end } = await runProgram(programPath('logging-levels.ts'));
    assert.equal(end.exitCode, 0);
    assert.deepEqual(linesOf(model, 'MainProcess'), [
      'bare warning',
      'effective 30 enabled(INFO) false',
      '[ERROR/MainProcess] formatted error',
      '[INFO/MainProcess] process shutting down',
      '[DEBUG/MainProcess] running all "atexit" finalizers with priority >= 0',
      '[DEBUG/MainProcess] running the remaining "atexit" finalizers',
    ]);
    assert.deepEqual(linesOf(model, 'child'), [
      '[INFO/child] child process calling self.run()',
      '[DEBUG/child] child debug 7',
      '[INFO/child] process shutting down',
      '[DEBUG/child] running all "atexit" finalizers with priority >= 0',
      '[DEBUG/child] running the remaining "atexit" finalizers',
      '[INFO/child] process exiting with exitcode 0',
    ]);
  });

  it("the fork error says why and what to do instead", async () => {
    const { model } = await runProgram(programPath('start-method-fork.ts'));
    const main = workerNamed(model, 'MainProcess');
    assert.equal(main.exitCode, 1);
    assert.match(main.error ?? '', /ValueError: cannot find context for 'fork'.*like Python's 'spawn' start method.*Pool initargs.*Manager/s);
  });
});
