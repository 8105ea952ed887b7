// Wake latency (Event ping-pong vs raw Atomics, both threads on one CPU, and one thread on each
// of two CPUs: each thread pins itself, see programs/pinThread.mjs) and Process start → join (vs
// a raw Worker). Usage: node bench/wakeAndStart.mjs [runs=5]
import { join } from 'node:path';
import { measure, picker, printTable, root, sideBySide, threadlineProgram } from './lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const raw = (file) => [process.execPath, join(root, 'bench', 'baselines', file)];
// Unpinned, the scheduler puts the two threads on one CPU or on two as it likes, run by run.
const TWO_CPUS = { env: { BENCH_PIN_THREADS: '0,1' } };
const samples = sideBySide(
  [
    { name: 'events-two', run: () => measure(threadlineProgram('eventPingPong.ts'), TWO_CPUS) },
    { name: 'atomics-two', run: () => measure(raw('atomicsPingPong.mjs'), TWO_CPUS) },
    { name: 'events-same', run: () => measure(threadlineProgram('eventPingPong.ts'), { cpus: '0' }) },
    { name: 'atomics-same', run: () => measure(raw('atomicsPingPong.mjs'), { cpus: '0' }) },
    { name: 'process', run: () => measure(threadlineProgram('processStart.ts')) },
    { name: 'worker', run: () => measure(raw('workerStart.mjs')) },
  ],
  runs,
);
const pick = picker(samples);
printTable(`Wake latency and start-up (${runs} runs each, side by side)`, [
  { name: 'raw Atomics round trip, a thread on each of two CPUs', values: pick('atomics-two', 'round_trip_us'), unit: 'µs' },
  { name: 'Event set→wait round trip, a thread on each of two CPUs', values: pick('events-two', 'round_trip_us'), unit: 'µs', baseline: pick('atomics-two', 'round_trip_us'), target: '≤ 1.5×' },
  { name: 'raw Atomics round trip, one CPU', values: pick('atomics-same', 'round_trip_us'), unit: 'µs' },
  { name: 'Event set→wait round trip, one CPU', values: pick('events-same', 'round_trip_us'), unit: 'µs', baseline: pick('atomics-same', 'round_trip_us'), target: '≤ 1.5×' },
  { name: 'raw Worker start → exit', values: pick('worker', 'start_join_ms'), unit: 'ms' },
  { name: 'Process start → join (empty target)', values: pick('process', 'start_join_ms'), unit: 'ms', baseline: pick('worker', 'start_join_ms'), target: '≤ 1.3×' },
]);
