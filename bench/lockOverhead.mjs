// What tracing costs on locks: the same program with tracing on and off (THREADLINE_TRACE=off
// keeps everything else), and a bare CAS mutex as the floor. Usage: node bench/lockOverhead.mjs [runs=5]
import { join } from 'node:path';
import { measure, printTable, root, sideBySide, threadlineProgram } from './lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const samples = sideBySide(
  [
    { name: 'traced', run: () => measure(threadlineProgram('lockLoop.ts')) },
    { name: 'untraced', run: () => measure(threadlineProgram('lockLoop.ts'), { env: { THREADLINE_TRACE: 'off' } }) },
    { name: 'cas', run: () => measure([process.execPath, join(root, 'bench', 'baselines', 'casMutex.mjs')]) },
  ],
  runs,
);
const pick = (name, key) => samples[name].map((s) => s[key]);
printTable(`Lock (${runs} runs each, side by side)`, [
  { name: 'bare CAS mutex acquire+release', values: pick('cas', 'uncontended_ns'), unit: 'ns' },
  { name: 'Lock acquire+release, untraced', values: pick('untraced', 'uncontended_ns'), unit: 'ns', baseline: pick('cas', 'uncontended_ns'), target: '≤ 1.5×' },
  { name: 'Lock acquire+release, traced', values: pick('traced', 'uncontended_ns'), unit: 'ns', baseline: pick('cas', 'uncontended_ns'), target: '≤ 100 ns' },
  { name: '2 workers × 500 k contended, untraced', values: pick('untraced', 'contended_ms'), unit: 'ms' },
  { name: '2 workers × 500 k contended, traced', values: pick('traced', 'contended_ms'), unit: 'ms', baseline: pick('untraced', 'contended_ms'), target: '≤ 2×' },
]);
