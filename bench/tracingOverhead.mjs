// What watching costs: the same programs with tracing on and off (THREADLINE_TRACE=off keeps
// everything else), side by side. Usage: node bench/tracingOverhead.mjs [runs=5]
import { measure, picker, printTable, sideBySide, threadlineProgram } from './lib.mjs';

// 5 runs: its ratios moved by up to ±50 % between whole 3-run benches on a 2-CPU VM.
const runs = Number(process.argv[2] ?? 5);
const OFF = { THREADLINE_TRACE: 'off' };
const CONTENDED = { BENCH_LOCK_PART: 'contended' };
// Each ping-pong thread pins itself (programs/pinThread.mjs): unpinned, the scheduler put the
// two on one CPU or on two as it liked, run by run, and the ratio said where they landed.
const TWO_CPUS = { BENCH_PIN_THREADS: '0,1' };
const samples = sideBySide(
  [
    { name: 'pool-on', run: () => measure(threadlineProgram('poolTasks.ts')) },
    { name: 'pool-off', run: () => measure(threadlineProgram('poolTasks.ts'), { env: OFF }) },
    { name: 'events-on', run: () => measure(threadlineProgram('eventPingPong.ts'), { env: TWO_CPUS }) },
    { name: 'events-off', run: () => measure(threadlineProgram('eventPingPong.ts'), { env: { ...OFF, ...TWO_CPUS } }) },
    { name: 'events-on-1cpu', run: () => measure(threadlineProgram('eventPingPong.ts'), { cpus: '0' }) },
    { name: 'events-off-1cpu', run: () => measure(threadlineProgram('eventPingPong.ts'), { env: OFF, cpus: '0' }) },
    { name: 'lock-on', run: () => measure(threadlineProgram('lockLoop.ts'), { env: CONTENDED }) },
    { name: 'lock-off', run: () => measure(threadlineProgram('lockLoop.ts'), { env: { ...OFF, ...CONTENDED } }) },
  ],
  runs,
);
const pick = picker(samples);
const usPerTask = (name) => pick(name, 'map1_tasks_per_s').map((perSecond) => 1e6 / perSecond);
printTable(`Tracing overhead, on vs off (${runs} runs each, side by side)`, [
  { name: 'Pool(2) 100 k tasks map chunksize 1, off', values: usPerTask('pool-off'), unit: 'µs/task' },
  { name: 'Pool(2) 100 k tasks map chunksize 1, on', values: usPerTask('pool-on'), unit: 'µs/task', baseline: usPerTask('pool-off'), target: '≤ 1.10×' },
  { name: 'Event ping-pong round trip, a thread on each of two CPUs, off', values: pick('events-off', 'round_trip_us'), unit: 'µs' },
  { name: 'Event ping-pong round trip, a thread on each of two CPUs, on', values: pick('events-on', 'round_trip_us'), unit: 'µs', baseline: pick('events-off', 'round_trip_us'), target: '≤ 1.10×' },
  { name: 'Event ping-pong round trip, one CPU, off', values: pick('events-off-1cpu', 'round_trip_us'), unit: 'µs' },
  { name: 'Event ping-pong round trip, one CPU, on', values: pick('events-on-1cpu', 'round_trip_us'), unit: 'µs', baseline: pick('events-off-1cpu', 'round_trip_us'), target: '≤ 1.10×' },
  { name: '2 workers × 500 k contended Lock, off', values: pick('lock-off', 'contended_ms'), unit: 'ms' },
  { name: '2 workers × 500 k contended Lock, on', values: pick('lock-on', 'contended_ms'), unit: 'ms', baseline: pick('lock-off', 'contended_ms'), target: '≤ 2×' },
]);
