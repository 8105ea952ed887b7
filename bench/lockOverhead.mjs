// Uncontended Lock acquire+release against a bare compare-exchange mutex, tracing on and off
// (the contended loop is in tracingOverhead.mjs). Usage: node bench/lockOverhead.mjs [runs=5]
import { baselineScript, measure, picker, printTable, sideBySide, threadlineProgram } from './lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const UNCONTENDED = { BENCH_LOCK_PART: 'uncontended' };
const samples = sideBySide(
  [
    { name: 'traced', run: () => measure(threadlineProgram('lockLoop.ts'), { env: UNCONTENDED }) },
    { name: 'untraced', run: () => measure(threadlineProgram('lockLoop.ts'), { env: { ...UNCONTENDED, THREADLINE_TRACE: 'off' } }) },
    { name: 'cas', run: () => measure(baselineScript('casMutex.mjs')) },
  ],
  runs,
);
const pick = picker(samples);
printTable(`Uncontended Lock (${runs} runs each, side by side)`, [
  { name: 'bare CAS mutex acquire+release', values: pick('cas', 'uncontended_ns'), unit: 'ns' },
  { name: 'Lock acquire+release, untraced', values: pick('untraced', 'uncontended_ns'), unit: 'ns', baseline: pick('cas', 'uncontended_ns'), target: '≤ 1.5×' },
  { name: 'Lock acquire+release, traced', values: pick('traced', 'uncontended_ns'), unit: 'ns', baseline: pick('cas', 'uncontended_ns'), target: '≤ 100 ns' },
]);
