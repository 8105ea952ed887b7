// Detection latency: from the moment a deadlock cycle (or a hang) forms — the last blocking
// call that completes it — to the host's report of it. Runs each demo through the CLI
// repeatedly and prints median and min–max against the targets (100 ms deadlock, 250 ms hang).
// Usage: node bench/detectionLatency.mjs [runs=20]   (after `npm run build`)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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
  return values.sort((a, b) => a - b);
}

const rows = [
  ['two-lock deadlock', latencies('lock-order-deadlock', 'deadlocks'), 100],
  ['hang (event never set)', latencies('hang', 'hangs'), 250],
];
console.log(`detection latency over ${runs} runs (ms from the cycle/hang forming to its report)`);
console.log('what                      median   min–max        target   verdict');
for (const [name, values, target] of rows) {
  const median = values[Math.floor(values.length / 2)];
  const max = values[values.length - 1];
  console.log(
    `${name.padEnd(24)}  ${median.toFixed(1).padStart(6)}   ${values[0].toFixed(1)}–${max.toFixed(1)}`.padEnd(56) +
      `< ${target}    ${max < target ? 'ok' : 'MISSED (max)'} (${(median / target).toFixed(2)}× of target, median)`,
  );
}
