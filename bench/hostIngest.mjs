// Host ingest: 8 workers write trace records as fast as they can for 2 s; how many records/s
// the host drains and exactly how many were dropped (every attempt is either drained or
// counted). Usage: node bench/hostIngest.mjs [runs=2]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, printTable, threadlineProgram } from './lib.mjs';

const runs = Number(process.argv[2] ?? 2);
const dir = mkdtempSync(join(tmpdir(), 'tl-ingest-'));
const drained = [];
const dropped = [];
const unaccounted = [];
for (let i = 0; i < runs; i++) {
  const reportPath = join(dir, `flood-${i}.json`);
  const { attempted, flood_ms: floodMs } = measure([...threadlineProgram('recordFlood.ts'), '--report', reportPath]);
  const { records } = JSON.parse(readFileSync(reportPath, 'utf8'));
  drained.push(records.written / 1e6 / (floodMs / 1000));
  dropped.push(records.dropped / 1e6);
  // The run writes a few dozen records besides the flood (creates, waits, exits).
  unaccounted.push(Math.max(0, attempted - records.written - records.dropped));
}
rmSync(dir, { recursive: true, force: true });
printTable(`Host ingest, 8 workers flooding for 2 s (${runs} runs)`, [
  { name: 'records drained per second of flood', values: drained, unit: 'M/s', target: '≥ 2 M/s' },
  { name: 'records dropped (counted, exact)', values: dropped, unit: 'M' },
  { name: 'flood records neither drained nor counted', values: unaccounted, unit: 'records', target: '≤ 0 records' },
]);
