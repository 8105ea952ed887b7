// Threadline's Pool beside its peers, same thread count (2) and the same tiny task, side by
// side: piscina (tasks/s at chunksize 1, one task at a time, start + first result) and, when
// python3 exists, Python's multiprocessing.Pool(2) (map at the default chunksize,
// apply_async().get(), start + first result). Usage: node bench/poolVsPeers.mjs [runs=3]
import { join } from 'node:path';
import { baselineScript, hasCommand, measure, picker, printTable, root, sideBySide, threadlineProgram } from './lib.mjs';

const runs = Number(process.argv[2] ?? 3);
const python = hasCommand('python3');
const noPython = 'python3 is not installed';
const samples = sideBySide(
  [
    { name: 'threadline', run: () => measure(threadlineProgram('poolTasks.ts')) },
    { name: 'piscina', run: () => measure(baselineScript('piscinaPool.mjs')) },
    ...(python ? [{ name: 'python', run: () => measure(['python3', join(root, 'bench', 'baselines', 'pythonPool.py')]) }] : []),
  ],
  runs,
);
const pick = picker(samples);
const thousands = (values) => values.map((v) => v / 1000);
const pythonRow = (row) => (python ? row : { name: row.name, skipped: noPython });
printTable(`Pool(2) against piscina and Python (${runs} runs each, side by side)`, [
  { name: 'piscina, 100 k tasks at once', values: thousands(pick('piscina', 'tasks_per_s')), unit: 'K/s' },
  { name: 'Pool.map 100 k tasks chunksize 1, traced', values: thousands(pick('threadline', 'map1_tasks_per_s')), unit: 'K/s', baseline: thousands(pick('piscina', 'tasks_per_s')), target: '≥ 3×' },
  { name: 'Pool.imap 100 k tasks chunksize 1, traced', values: thousands(pick('threadline', 'imap1_tasks_per_s')), unit: 'K/s', baseline: thousands(pick('piscina', 'tasks_per_s')), target: '≥ 3×' },
  pythonRow({ name: 'Python Pool(2).map 100 k, default chunksize', values: python && thousands(pick('python', 'map_items_per_s')), unit: 'K/s' }),
  pythonRow({ name: 'Pool.map 100 k, default chunksize, traced', values: thousands(pick('threadline', 'map_items_per_s')), unit: 'K/s', baseline: python && thousands(pick('python', 'map_items_per_s')), target: '≥ 1×' }),
  { name: 'piscina run() one at a time', values: pick('piscina', 'round_trip_us'), unit: 'µs' },
  pythonRow({ name: 'Python apply_async().get()', values: python && pick('python', 'round_trip_us'), unit: 'µs' }),
  { name: 'applyAsync(f).get() vs piscina', values: pick('threadline', 'apply_round_trip_us'), unit: 'µs', baseline: pick('piscina', 'round_trip_us'), target: '≤ 1×' },
  pythonRow({ name: 'applyAsync(f).get() vs Python', values: pick('threadline', 'apply_round_trip_us'), unit: 'µs', baseline: python && pick('python', 'round_trip_us'), target: '≤ 1×' }),
  { name: 'piscina start (2 threads) + first result', values: pick('piscina', 'start_first_ms'), unit: 'ms' },
  pythonRow({ name: 'Python Pool(2) start + first result', values: python && pick('python', 'start_first_ms'), unit: 'ms' }),
  { name: 'Pool(2) start + first result', values: pick('threadline', 'start_first_ms'), unit: 'ms', baseline: pick('piscina', 'start_first_ms'), target: '≤ 1×' },
]);
