// Scale: 200 processes and about 1 M trace records in one run must complete, with memory that
// stays bounded. Runs bench/programs/manyProcesses.ts through the CLI (which keeps the whole
// model, as the extension host does) and samples the peak RSS (VmHWM) of the host process and
// of the CLI. A smaller run beside it shows how memory grows with the record count.
// Usage: node bench/scaleRun.mjs [processes=200] [roundsPerProcess=2500]   (after `npm run build`)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, root } from './lib.mjs';

const processes = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 2500);
const dir = mkdtempSync(join(tmpdir(), 'tl-scale-'));

function peakKb(pid) {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // already gone
  }
}

function childrenOf(pid) {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map(Number).filter(Boolean);
  } catch {
    return [];
  }
}

function runOnce(processCount, roundCount) {
  return new Promise((resolve, reject) => {
    const report = join(dir, `scale-${processCount}-${roundCount}.json`);
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'run', join(root, 'bench', 'programs', 'manyProcesses.ts'), '--plain', '--report', report], {
      env: { ...process.env, THREADLINE_BENCH_PROCESSES: String(processCount), THREADLINE_BENCH_ROUNDS: String(roundCount) },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    let host;
    let hostPeak = 0;
    let cliPeak = 0;
    const sampler = setInterval(() => {
      host ??= childrenOf(child.pid)[0];
      if (host) hostPeak = Math.max(hostPeak, peakKb(host));
      cliPeak = Math.max(cliPeak, peakKb(child.pid));
    }, 25);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`run exited with ${code}`));
      const result = JSON.parse(readFileSync(report, 'utf8'));
      resolve({
        processes: result.workers.length - 1,
        failed: result.workers.filter((w) => w.exitCode !== 0).length,
        written: result.records.written,
        dropped: result.records.dropped,
        seconds,
        hostPeakMb: hostPeak / 1024,
        cliPeakMb: cliPeak / 1024,
      });
    });
  });
}

const rows = [await runOnce(Math.max(1, processes / 10), rounds), await runOnce(processes, rounds)];
console.log('scale run: processes in waves of 20, two lock records per round (CLI keeps the full model)');
console.log('processes  records written  dropped  failed   wall    host peak RSS   CLI peak RSS');
for (const r of rows) {
  console.log(
    `${String(r.processes).padStart(9)}  ${r.written.toLocaleString('en-US').padStart(15)}  ${String(r.dropped).padStart(7)}  ${String(r.failed).padStart(6)}  ${r.seconds.toFixed(1).padStart(5)} s  ${r.hostPeakMb.toFixed(0).padStart(10)} MB  ${r.cliPeakMb.toFixed(0).padStart(10)} MB`,
  );
}
const [small, large] = rows;
const perRecord = (large.cliPeakMb - small.cliPeakMb) / Math.max(1, large.written - small.written);
console.log(`CLI memory per extra record kept: ${(perRecord * 1024 * 1024).toFixed(0)} bytes; host peak grew ${(large.hostPeakMb / small.hostPeakMb).toFixed(2)}× for ${(large.written / small.written).toFixed(1)}× the records`);
if (large.processes !== processes || large.failed > 0) {
  console.error(`verdict: FAILED (${large.processes} of ${processes} processes ran, ${large.failed} failed)`);
  process.exit(1);
}
console.log('verdict: completed');
