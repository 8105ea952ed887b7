// Detection latency: from the moment a deadlock cycle (or a hang) forms — the last blocking
// call that completes it — to the host's report of it. Runs each demo through the CLI
// repeatedly and prints median and min–max against the targets (100 ms deadlock, 250 ms hang).
// Usage: node bench/detectionLatency.mjs [runs=20]   (after `npm run build`)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable, root } from './lib.mjs';

const runs = Number(process.argv[2] ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'tl-bench-'));

function latencies(demo, field) {
  const values = [];
  for (let i = 0; i < runs; i++) {
    const reportPath = join(dir, `${demo}-${i}.json`);
    try {
      execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'run', join(root, 'demos', `${demo}.ts`), '--plain', '--report', reportPath], { stdio: 'ignore' });
    } catch {
      // exit 90/91 is the expected outcome
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    const [problem] = report[field];
    if (!problem) throw new Error(`${demo}: run ${i} reported no ${field}`);
    const formed = Math.max(...problem.workers.map((w) => w.sinceMs));
    values.push(problem.detectedAtMs - formed);
  }
  return values;
}

printTable(`Detection latency, ms from the cycle/hang forming to its report (${runs} runs)`, [
  { name: 'two-lock deadlock', values: latencies('lock-order-deadlock', 'deadlocks'), unit: 'ms', target: '< 100 ms' },
  { name: 'hang (event never set)', values: latencies('hang', 'hangs'), unit: 'ms', target: '< 250 ms' },
]);
