// Host ingest: 8 workers write trace records as fast as they can for 2 s; how many records/s
// the host drains and exactly how many were dropped (every attempt is either drained or
// counted). Usage: node bench/hostIngest.mjs [runs=2]
import { spawnSync } from 'node:child_process';
import { parseValues, printTable, threadlineProgram } from './lib.mjs';

const runs = Number(process.argv[2] ?? 2);
const drained = [];
const dropped = [];
const unaccounted = [];
for (let i = 0; i < runs; i++) {
  // The counts come from the CLI's summary line, not a --report: a run that keeps millions of
  // records writes a report larger than the longest string Node can read back.
  // (The program's lines are on stdout, the CLI's summary on stderr.)
  const [node, ...args] = threadlineProgram('recordFlood.ts');
  const { stdout, stderr, status } = spawnSync(node, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 });
  const { attempted, flood_ms: floodMs } = parseValues(stdout);
  const counts = /^\s*records: (\d+) written, (\d+) dropped/m.exec(stderr);
  if (!counts) throw new Error(`no "records:" summary line from the CLI (exit ${status}):\n${stderr.slice(-2000)}`);
  const records = { written: Number(counts[1]), dropped: Number(counts[2]) };
  drained.push(records.written / 1e6 / (floodMs / 1000));
  dropped.push(records.dropped / 1e6);
  // The run writes a few dozen records besides the flood (creates, waits, exits).
  unaccounted.push(Math.max(0, attempted - records.written - records.dropped));
}
printTable(`Host ingest, 8 workers flooding for 2 s (${runs} runs)`, [
  { name: 'records drained per second of flood', values: drained, unit: 'M/s', target: '≥ 2 M/s' },
  { name: 'records dropped (counted, exact)', values: dropped, unit: 'M' },
  { name: 'flood records neither drained nor counted', values: unaccounted, unit: 'records', target: '≤ 0 records' },
]);
