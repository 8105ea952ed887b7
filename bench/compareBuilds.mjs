// Before/after for the hot paths: the same bench programs run by another checkout's build
// (e.g. `git worktree add /tmp/before <commit> && cd /tmp/before && npm ci && npm run build`)
// and by this one, alternating, in the same run. Prints each figure for both and the ratio
// after/before. Usage: node bench/compareBuilds.mjs <other checkout> [runs=3]
import { join, resolve } from 'node:path';
import { cli, measure, picker, printTable, root, sideBySide } from './lib.mjs';

const other = process.argv[2];
if (!other) {
  console.error('usage: node bench/compareBuilds.mjs <other checkout with a built dist/> [runs=3]');
  process.exit(2);
}
const runs = Number(process.argv[3] ?? 3);
const builds = { before: join(resolve(other), 'dist', 'cli.js'), after: cli };
const program = (build, file) => [process.execPath, builds[build], 'run', join(root, 'bench', 'programs', file), '--plain'];
const OFF = { THREADLINE_TRACE: 'off' };
const cases = [
  { key: 'event-any', file: 'eventPingPong.ts', value: 'round_trip_us', unit: 'µs', label: 'Event round trip, any CPU' },
  { key: 'event-one', file: 'eventPingPong.ts', value: 'round_trip_us', unit: 'µs', label: 'Event round trip, one CPU', cpus: '0' },
  { key: 'event-two', file: 'eventPingPong.ts', value: 'round_trip_us', unit: 'µs', label: 'Event round trip, a thread on each of two CPUs', env: { BENCH_PIN_THREADS: '0,1' } },
  { key: 'event-two-off', file: 'eventPingPong.ts', value: 'round_trip_us', unit: 'µs', label: 'Event round trip, two CPUs, untraced', env: { BENCH_PIN_THREADS: '0,1', ...OFF } },
  { key: 'lock', file: 'lockLoop.ts', value: 'uncontended_ns', unit: 'ns', label: 'uncontended Lock, traced', env: { BENCH_LOCK_PART: 'uncontended' } },
  { key: 'lock-off', file: 'lockLoop.ts', value: 'uncontended_ns', unit: 'ns', label: 'uncontended Lock, untraced', env: { BENCH_LOCK_PART: 'uncontended', ...OFF } },
  { key: 'contended', file: 'lockLoop.ts', value: 'contended_ms', unit: 'ms', label: '2 × 500 k contended Lock, traced', env: { BENCH_LOCK_PART: 'contended' } },
  { key: 'contended-off', file: 'lockLoop.ts', value: 'contended_ms', unit: 'ms', label: '2 × 500 k contended Lock, untraced', env: { BENCH_LOCK_PART: 'contended', ...OFF } },
  { key: 'pool', file: 'poolTasks.ts', value: 'map1_tasks_per_s', unit: 'K/s', label: 'Pool.map 100 k chunksize 1', scale: 1e-3 },
  { key: 'pool', file: 'poolTasks.ts', value: 'map_items_per_s', unit: 'K/s', label: 'Pool.map 100 k default chunksize', scale: 1e-3 },
  { key: 'pool', file: 'poolTasks.ts', value: 'apply_round_trip_us', unit: 'µs', label: 'applyAsync(f).get()' },
  { key: 'pool', file: 'poolTasks.ts', value: 'start_first_ms', unit: 'ms', label: 'Pool(2) start + first result' },
  { key: 'process', file: 'processStart.ts', value: 'start_join_ms', unit: 'ms', label: 'Process start → join (median of 8)' },
];
const variants = [];
for (const c of cases) {
  for (const build of ['before', 'after']) {
    const name = `${c.key}-${build}`;
    if (!variants.some((v) => v.name === name)) variants.push({ name, run: () => measure(program(build, c.file), { env: c.env ?? {}, cpus: c.cpus }) });
  }
}
const pick = picker(sideBySide(variants, runs));
printTable(`Before/after (${runs} runs each, alternating; ratio = after / before)`, cases.flatMap((c) => {
  const values = (build) => pick(`${c.key}-${build}`, c.value).map((v) => v * (c.scale ?? 1));
  return [
    { name: `${c.label}, before`, values: values('before'), unit: c.unit },
    { name: `${c.label}, after`, values: values('after'), unit: c.unit, baseline: values('before') },
  ];
}));
