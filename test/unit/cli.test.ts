import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model/report';
import { BURST_LINES } from '../../src/cli/plainView';
import { distDir, programPath, repoRoot } from './support/runProgram';

function runCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(distDir, 'cli.js'), ...args], { cwd: repoRoot }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('threadline run (CLI)', function () {
  this.slow(5000);
  const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));

  it('runs the event-gate demo, prints its output and a summary, and writes the report', async () => {
    const reportPath = join(dir, 'r.json');
    const { code, stdout, stderr } = await runCli(['run', 'demos/event-gate.ts', '--report', reportPath]);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 11, 'the program printed its 11 lines, and only they reached stdout');
    assert.equal(lines.indexOf('Main process blocking...') >= 0, true);
    assert.match(stderr, /Threadline: run exited with code 0/);
    assert.match(stderr, /event event \(demos\/event-gate\.ts:20\): 1× set; woke 5/);
    assert.match(stderr, /Process-1 +waiting on event +at .*event-gate\.ts:10:9/, 'plain state lines when not a terminal');

    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    assert.equal(report.exitCode, 0);
    assert.equal(report.workers.length, 6);
    assert.deepEqual(report.records.dropped, 0);
    assert.ok(report.records.written > 30);
    const event = report.primitives.find((p) => p.kind === 'event')!;
    assert.deepEqual({ name: event.name, line: event.site?.line }, { name: 'event', line: 20 });
    const setAt = event.ops.find((o) => o.op === 'set')!.atMs;
    const eventWakes = report.wakes.filter((w) => w.primitive === event.id);
    assert.equal(eventWakes.length, 5);
    assert.ok(eventWakes.every((w) => w.by === 0 && w.op === 'set'));
    for (const worker of report.workers.filter((w) => w.name.startsWith('Process-'))) {
      const waiting = worker.states.find((s) => s.state === 'waiting')!;
      assert.equal(waiting.on, 'event');
      // Woken by the set: not before it (how soon after is the wake-latency benchmark's figure).
      assert.ok(waiting.toMs >= setAt, `woken at ${waiting.toMs} ms, the set was at ${setAt} ms`);
      assert.equal(worker.exitCode, 0);
    }
    assert.equal(report.output.length, 11);
    assert.deepEqual([report.tasks, report.deadlocks, report.hangs, report.potentialDeadlocks], [[], [], [], []]);
  });

  it('keeps plain logs of a busy program short, and still shows the states that last', async () => {
    const { code, stderr } = await runCli(['run', programPath('event-ping-pong.ts'), '--plain']);
    assert.equal(code, 0, stderr);
    const stateLines = stderr.split('\n').filter((line) => line.startsWith('[threadline '));
    // 200 hand-offs make up to 800 state changes (a wait that finds its flag set makes none);
    // each worker prints a burst, then a few a second.
    assert.ok(stateLines.length < 2 * BURST_LINES + 20, `${stateLines.length} state lines`);
    // Each line is the change it reports (a batch holds many of a worker's), not the worker's
    // current state printed again: a worker's burst goes running, waiting, running…
    // (A line that says how many changes it follows may repeat the state before them.)
    for (const name of ['MainProcess', 'Process-1']) {
      const lines = stateLines.map((line) => /\] (\S+) +(.*?)(?: {2}at .*?)?( {2}\(.*not shown\))?$/.exec(line)!).filter((m) => m[1] === name);
      const states = lines.map((m) => m[2]);
      assert.ok(states.includes('running') && states.some((state) => state!.startsWith('waiting on')), `${name}: ${states.join(', ')}`);
      lines.forEach((m, i) => assert.ok(i === 0 || m[3] !== undefined || m[2] !== states[i - 1], `${name}: two lines in a row say ${m[2]}`));
    }
    const hidden = [...stderr.matchAll(/\(([\d,]+) earlier state changes not shown\)/g)].reduce((sum, m) => sum + Number(m[1]!.replace(/,/g, '')), 0);
    assert.ok(hidden > 200, `${hidden} changes reported as not shown`);
    // The 300 ms wait and sleep after the burst are printed, with where they are.
    assert.match(stderr, /Process-1 +waiting on last +at .*event-ping-pong\.ts:14:8/);
    assert.match(stderr, /MainProcess +sleeping +at .*event-ping-pong\.ts:28:3/);
    assert.match(stderr, /Process-1 +done \(exit 0\)/);
  });

  it("exits with the program's exit code and explains a missing file", async () => {
    const missing = await runCli(['run', join(dir, 'nope.ts')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No such file/);
    const failing = await runCli(['run', programPath('missing-target.ts')]);
    assert.equal(failing.code, 0, 'the main program itself ended normally');
    assert.match(failing.stderr, /Process-1 +1 /);
  });

  it('ends a deadlocked run, names the stuck lines as file:line:col, writes the report and exits 90', async () => {
    const reportPath = join(dir, 'deadlock.json');
    const { code, stderr } = await runCli(['run', 'demos/lock-order-deadlock.ts', '--report', reportPath]);
    assert.equal(code, 90, stderr);
    assert.match(stderr, /DEADLOCK found/);
    assert.match(stderr, /Process-1 waits for lock `b`, held by Process-2\n +at demos\/lock-order-deadlock\.ts:12:10/);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    assert.equal(report.deadlocks.length, 1);
    assert.equal(typeof report.deadlocks[0]!.detectedAtMs, 'number');
    assert.deepEqual(report.deadlocks[0]!.workers.map((w) => w.site?.line), [12, 12]);
    assert.equal(report.endReason, 'stopped');
  });

  it('exits 91 on a hang, and gates CI on a potential deadlock with --fail-on', async () => {
    const hang = await runCli(['run', 'demos/hang.ts']);
    assert.equal(hang.code, 91, hang.stderr);
    const lucky = await runCli(['run', 'demos/potential-deadlock.ts']);
    assert.equal(lucky.code, 0, 'a potential deadlock alone does not fail the run');
    assert.match(lucky.stderr, /POTENTIAL DEADLOCK/);
    const gated = await runCli(['run', 'demos/potential-deadlock.ts', '--fail-on', 'deadlock,potential-deadlock']);
    assert.equal(gated.code, 92);
    const bad = await runCli(['run', 'demos/hang.ts', '--fail-on', 'livelock']);
    assert.equal(bad.code, 2);
  });

  it('prints usage for a bad command line', async () => {
    const { code, stderr } = await runCli(['walk']);
    assert.equal(code, 2);
    assert.match(stderr, /usage: threadline run/);
  });
});
