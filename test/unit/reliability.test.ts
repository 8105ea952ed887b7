// Bad programs never take Threadline down (issue: reliability). Each case runs the real CLI,
// so the host is a separate process, as for users.
import { strict as assert } from 'node:assert';
import { execFile, fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTraceFile } from '../../src/extension/traceFile';
import { hostLaunch } from '../../src/host/launch';
import { descendantsOf } from '../../src/host/processTree';
import { DEFAULT_SUPERVISOR_OPTIONS } from '../../src/host/supervisor';
import type { Report } from '../../src/model/report';
import { distDir, outputText, programPath, repoRoot, runProgram, workerNamed } from './support/runProgram';

const cli = join(distDir, 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'tl-rel-'));

function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'run', ...args], { cwd: repoRoot, env: { ...process.env, ...env } }, (error, _stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    );
  });
}

/** Starts the CLI, waits for `ready` in its output, sends SIGINT, and resolves when it exits. */
function stopWhen(program: string, ready: RegExp, report: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stopMs: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'run', program, '--plain', '--report', report], { cwd: repoRoot, env: { ...process.env, ...env } });
    let seen = '';
    let stopAt = 0;
    const watch = (chunk: Buffer) => {
      seen += chunk.toString();
      if (!stopAt && ready.test(seen)) {
        stopAt = Date.now();
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('exit', (code) => resolve({ code, stopMs: Date.now() - stopAt }));
  });
}

/** Alive and not a zombie (a killed process whose parent is gone may wait to be reaped). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('reliability: bad programs', function () {
  this.slow(4000);

  it('reports a syntax error with file:line:column, in TypeScript and in JavaScript', async () => {
    const ts = await run([programPath('syntax-error.ts')]);
    assert.equal(ts.code, 1);
    assert.match(ts.stderr, /SyntaxError: .*\(at .*syntax-error\.ts:5:13\)/);
    const js = await run([programPath('syntax-error.mjs')]);
    assert.equal(js.code, 1);
    assert.match(js.stderr, /SyntaxError: .*\(at .*syntax-error\.mjs:3:11\)/);
  });

  it('names the argument that cannot be sent to a worker, and the process does not start', async () => {
    const { model } = await runProgram(programPath('unclonable-arg.ts'));
    const lines = outputText(model);
    assert.match(lines[0]!, /^TypeError: cannot pickle 'onDone' object: args\[0\]\.onDone is a function/);
    assert.match(lines[1]!, /^TypeError: Process 'Process-2': cannot send args\[1\] to the new worker \(Symbol\(x\) could not be cloned/);
    assert.equal(lines[2], 'alive: false');
    assert.equal(model.workers.size, 1, 'no worker was started');
  });

  it('Stop ends a process spinning in a CPU loop, with exit code -15', async () => {
    const report = join(dir, 'spin.json');
    const { code } = await stopWhen(programPath('spin-forever.ts'), /spinning/, report);
    assert.equal(code, 128 + 15);
    const result = JSON.parse(readFileSync(report, 'utf8')) as Report;
    assert.deepEqual(result.workers.map((w) => w.exitCode), [-15, -15]);
  });

  it('Stop kills a worker stuck in native code after the grace period, and its child process too', async () => {
    const report = join(dir, 'native.json');
    const pidFile = join(dir, 'child.pid');
    const { code } = await stopWhen(programPath('native-block.ts'), /child pid file/, report, { THREADLINE_TEST_PIDFILE: pidFile });
    assert.equal(code, 128 + 15, 'the run still ends as stopped, with its report');
    const result = JSON.parse(readFileSync(report, 'utf8')) as Report;
    assert.equal(result.workers[0]!.exitCode, -9);
    assert.match(result.workers[0]!.error ?? '', /killed/);
    assert.ok(existsSync(pidFile), 'the program had started its child');
    const childPid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(!isRunning(childPid), 'no orphan process is left');
  });
});

describe('reliability: the host process dies mid-run', function () {
  this.slow(6000);

  it('the CLI says so, keeps the report and trace so far, and leaves no orphan process (exit 70)', async () => {
    const report = join(dir, 'lost.json');
    const trace = join(dir, 'lost.trace.json');
    const pidFile = join(dir, 'lost-child.pid');
    const child = spawn(process.execPath, [cli, 'run', programPath('native-block.ts'), '--plain', '--report', report, '--trace', trace], {
      cwd: repoRoot,
      env: { ...process.env, THREADLINE_TEST_PIDFILE: pidFile },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Until the program's child exists and its first output has been flushed to the CLI.
    while (!existsSync(pidFile) || !readFileSync(pidFile, 'utf8').trim()) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const host = descendantsOf(child.pid!).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('host.js'));
    assert.ok(host, 'the host process was found');
    process.kill(host, 'SIGKILL');
    assert.equal(await exited, 70);
    assert.match(stderr, /threadline: The Threadline host process was killed by SIGKILL before the run ended/);
    const result = JSON.parse(readFileSync(report, 'utf8')) as Report;
    assert.equal(result.exitCode, -9);
    assert.deepEqual(result.workers.map((w) => w.name), ['MainProcess']);
    assert.match(result.output[0]?.text ?? '', /^child pid file: /, 'the output traced before the crash is kept');
    const saved = parseTraceFile(readFileSync(trace, 'utf8'));
    assert.ok(saved.events.some((e) => e.t === 'workerStart'), 'the trace so far can be opened');
    const orphan = Number(readFileSync(pidFile, 'utf8'));
    for (let i = 0; i < 50 && isRunning(orphan); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(!isRunning(orphan), 'the program\'s child process ended with its host');
  });
});

describe('reliability: the front end goes away mid-run (window reload, extension host gone)', function () {
  this.slow(5000);

  it('the host stops the run and exits, and the program\'s child process ends with it', async () => {
    const pidFile = join(dir, 'gone-child.pid');
    const launch = hostLaunch(distDir, programPath('native-block.ts'));
    const host = fork(launch.modulePath, [...launch.args], {
      execArgv: [...launch.execArgv],
      serialization: launch.serialization,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { ...process.env, THREADLINE_TEST_PIDFILE: pidFile },
    });
    const exited = new Promise<number | null>((resolve) => host.on('exit', resolve));
    while (!existsSync(pidFile) || !readFileSync(pidFile, 'utf8').trim()) await new Promise((resolve) => setTimeout(resolve, 20));
    const child = Number(readFileSync(pidFile, 'utf8'));
    const goneAt = Date.now();
    host.disconnect();
    assert.equal(await exited, 0, 'the host ended itself');
    console.log(`      host exit after its parent went away: ${Date.now() - goneAt} ms (worker blocked in native code)`);
    for (let i = 0; i < 50 && isRunning(child); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(!isRunning(child), 'no orphan process');
  });
});

describe('reliability: trace ring overflow with several writers', function () {
  this.slow(5000);

  it('counts every dropped record per worker: written + dropped = attempted, each read once', async () => {
    // 4 KiB rings drained every 5 ms cannot keep up with three tight set/clear loops.
    const { model, end } = await runProgram(programPath('flood.ts'), { ringBytes: 4096 });
    let droppedTotal = 0;
    for (const id of [1, 2, 3]) {
      const worker = [...model.workers.values()].find((w) => w.name === `Process-${id}`)!;
      const seqs = [...model.primitives.values()].flatMap((p) => p.ops).filter((o) => o.worker === worker.id && o.op !== 'start' && o.op !== 'exit').map((o) => o.seq);
      for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!, 'in order and never twice');
      assert.equal(seqs.length + worker.dropped, 2 * 20_000, `Process-${id}: written + dropped = attempted`);
      droppedTotal += worker.dropped;
    }
    assert.ok(droppedTotal > 0, 'the rings did overflow');
    assert.equal(end.records.dropped, droppedTotal, 'the run total matches the per-worker counts');
  });

  it("loses none of a lock loop's ops in the same rings: each run of acquire and release is one record counted up in place", async () => {
    const { model, end } = await runProgram(programPath('lock-flood.ts'), { ringBytes: 4096 });
    assert.equal(end.records.dropped, 0);
    for (const id of [1, 2, 3]) {
      const worker = [...model.workers.values()].find((w) => w.name === `Process-${id}`)!;
      const ops = [...model.primitives.values()].filter((p) => p.kind === 'lock').flatMap((p) => p.ops).filter((o) => o.worker === worker.id);
      assert.equal(ops.length, 2 * 20_000, `Process-${id}: every acquire and release`);
      ops.forEach((o, i) => assert.equal(o.op, i % 2 === 0 ? 'acquire' : 'release'));
      for (let i = 1; i < ops.length; i++) assert.equal(ops[i]!.seq, ops[i - 1]!.seq + 1, 'each seq once, in order');
    }
    assert.ok(end.records.written < 3 * 2 * 20_000, `far fewer records than ops (${end.records.written})`);
  });
});

describe('reliability: a worker that exceeds its memory limit', function () {
  this.slow(5000);

  it('fails that worker alone with a MemoryError naming the limit; the run and its host go on', async () => {
    const { model, end } = await runProgram(programPath('memory-hog.ts'), { workerMemoryMb: 48 });
    const greedy = workerNamed(model, 'greedy');
    assert.equal(greedy.exitCode, 1);
    assert.match(greedy.error ?? '', /^MemoryError: greedy ran out of memory: it reached its 48 MB heap limit/);
    assert.equal(workerNamed(model, 'calm').exitCode, 0);
    assert.deepEqual(outputText(model).slice(-2), ['steady finished', 'greedy exit 1, calm exit 0']);
    assert.equal(end.exitCode, 0, 'the main process ended normally');
  });

  it('takes the limit from the CLI (--max-worker-memory-mb) and reports the failure', async () => {
    const report = join(dir, 'memory.json');
    const { code, stderr } = await run([programPath('memory-hog.ts'), '--plain', '--max-worker-memory-mb', '48', '--report', report]);
    assert.equal(code, 0, stderr);
    const greedy = (JSON.parse(readFileSync(report, 'utf8')) as Report).workers.find((w) => w.name === 'greedy');
    assert.equal(greedy?.exitCode, 1);
    assert.match(greedy?.error ?? '', /MemoryError: .*48 MB heap limit/);
  });
});

describe('reliability: saved traces', function () {
  this.slow(6000);

  it('reads back every trace `threadline run --trace` writes: findings, pool tasks, failures, lock orders', async () => {
    for (const demo of ['potential-deadlock', 'pool-event-lost', 'exit-codes']) {
      const trace = join(dir, `${demo}.trace.json`);
      await run([join('demos', `${demo}.ts`), '--plain', '--trace', trace]);
      const saved = parseTraceFile(readFileSync(trace, 'utf8'));
      assert.ok(saved.end, `${demo}: the end is kept`);
      assert.ok(saved.events.length > 10, `${demo}: ${saved.events.length} events`);
    }
  });
});

describe('reliability: a console flood', function () {
  this.slow(6000);

  it('keeps every line exactly once, in order per worker, sent to the UI in a bounded number of batches', async () => {
    let batches = 0;
    const { model, end, events } = await runProgram(programPath('console-flood.ts'), { onEvents: () => batches++ });
    const lines = outputText(model);
    assert.equal(lines.length, 20_000, 'exact count');
    for (const name of ['a', 'b']) {
      const mine = lines.filter((l) => l.startsWith(`${name} `)).map((l) => Number(l.slice(2)));
      assert.deepEqual(mine, Array.from({ length: 10_000 }, (_, i) => i), `${name}: every line once, in order`);
    }
    assert.equal(end.records.dropped, 0, 'console output waits for room rather than be dropped');
    assert.equal(events.filter((e) => e.t === 'output').length, 20_000);
    // The host flushes every 50 ms (20 000 events at most per message): the UI is never sent
    // more batches than that, however fast the program prints.
    const bound = Math.ceil(end.durationMs / DEFAULT_SUPERVISOR_OPTIONS.flushIntervalMs) + Math.ceil(events.length / 20_000) + 2;
    assert.ok(batches <= bound, `${batches} batches in ${Math.round(end.durationMs)} ms (bound ${bound})`);
  });
});
