// Shared by the benchmarks: run a command several times, parse "name=value" lines it prints,
// and print medians with min–max and the ratio against a baseline measured in the same run.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cli = join(root, 'dist', 'cli.js');

/** Runs argv (optionally pinned to CPUs) and returns the numbers it printed as name=value. */
export function measure(argv, { env = {}, cpus } = {}) {
  const command = cpus ? ['taskset', '-c', cpus, ...argv] : argv;
  const out = execFileSync(command[0], command.slice(1), { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const values = {};
  for (const match of out.matchAll(/^(\w+)=([\d.]+)$/gm)) values[match[1]] = Number(match[2]);
  return values;
}

/** `runs` alternating measurements of each variant, so drift hits all of them alike. */
export function sideBySide(variants, runs) {
  const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let i = 0; i < runs; i++) for (const v of variants) samples[v.name].push(v.run());
  return samples;
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

export function threadlineProgram(file, env = {}) {
  return [process.execPath, cli, 'run', join(root, 'bench', 'programs', file), '--plain'];
}

export function printTable(title, rows) {
  console.log(`\n${title}`);
  console.log(`${'what'.padEnd(44)} ${'median'.padStart(10)}  ${'min–max'.padEnd(20)} ratio`);
  for (const row of rows) {
    const { median, min, max } = stats(row.values);
    const ratio = row.baseline ? ` ${(median / stats(row.baseline).median).toFixed(2)}×${row.target ? ` (target ${row.target})` : ''}` : '';
    console.log(`${row.name.padEnd(44)} ${fmt(median, row.unit).padStart(10)}  ${`${fmt(min, row.unit)}–${fmt(max, row.unit)}`.padEnd(20)}${ratio}`);
  }
}

function fmt(value, unit) {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit}`;
}
