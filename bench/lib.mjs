// Shared by the benchmarks: run a command several times, parse "name=value" lines it prints,
// print medians with min–max and the ratio against a baseline measured in the same run, and
// keep every printed table in bench/results.json.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus as cpuList } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cli = join(root, 'dist', 'cli.js');
export const resultsFile = join(root, 'bench', 'results.json');

/** Runs argv (optionally pinned to CPUs) and returns the numbers it printed as name=value. */
export function measure(argv, { env = {}, cpus } = {}) {
  return parseValues(run(argv, { env, cpus }));
}

/** A single measurement that takes longer than this is stuck: it is ended and run again once. */
const RUN_TIMEOUT_MS = 120_000;

/** Runs argv (optionally pinned to CPUs) and returns its stdout. */
export function run(argv, { env = {}, cpus } = {}) {
  const command = cpus ? ['taskset', '-c', cpus, ...argv] : argv;
  const options = { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20, timeout: RUN_TIMEOUT_MS };
  try {
    return execFileSync(command[0], command.slice(1), options);
  } catch (error) {
    if (error.signal !== 'SIGTERM') throw error;
    console.log(`(a run of ${command.join(' ')} took over ${RUN_TIMEOUT_MS / 1000} s and was ended; running it again)`);
    return execFileSync(command[0], command.slice(1), options);
  }
}

export function parseValues(out) {
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

/** The values of `key` in every sample of variant `name`. */
export function picker(samples) {
  return (name, key) => samples[name].map((s) => s[key]);
}

export function stats(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

export function threadlineProgram(file) {
  return [process.execPath, cli, 'run', join(root, 'bench', 'programs', file), '--plain'];
}

export function baselineScript(file) {
  return [process.execPath, join(root, 'bench', 'baselines', file)];
}

/**
 * Prints the table and stores it in bench/results.json under `title`. A row is
 * { name, values, unit, baseline?, target? } or { name, skipped: 'why' }. `target` is
 * "≤ 1.5×" / "≥ 3×" (against the ratio) or "≤ 100 ns" / "< 2 MB" (against the median).
 */
export function printTable(title, rows) {
  console.log(`\n${title}`);
  console.log(`${'what'.padEnd(48)} ${'median'.padStart(11)}  ${'min–max'.padEnd(30)} ratio`);
  const saved = [];
  for (const row of rows) {
    if (row.skipped) {
      console.log(`${row.name.padEnd(48)} skipped: ${row.skipped}`);
      saved.push({ name: row.name, skipped: row.skipped });
      continue;
    }
    const values = row.values.filter(Number.isFinite);
    if (values.length < row.values.length) console.log(`(${row.name}: ${row.values.length - values.length} of ${row.values.length} runs printed no figure)`);
    if (values.length === 0) {
      saved.push({ name: row.name, skipped: 'no run printed a figure' });
      continue;
    }
    const { median, min, max } = stats(values);
    const ratio = row.baseline ? median / stats(row.baseline).median : undefined;
    const met = row.target ? meetsTarget(row.target, median, ratio) : undefined;
    const verdict = met === undefined ? '' : met ? ' ok' : ' MISSED';
    const ratioText = ratio !== undefined ? ` ${ratio.toFixed(2)}×` : '';
    const targetText = row.target ? ` (target ${row.target})${verdict}` : '';
    console.log(`${row.name.padEnd(48)} ${fmt(median, row.unit).padStart(11)}  ${`${fmt(min, row.unit)}–${fmt(max, row.unit)}`.padEnd(30)}${ratioText}${targetText}`);
    saved.push({
      name: row.name,
      unit: row.unit,
      median,
      min,
      max,
      runs: values.length,
      ...(ratio !== undefined ? { baselineMedian: stats(row.baseline).median, ratio } : {}),
      ...(row.target ? { target: row.target, met } : {}),
    });
  }
  saveSection(title, saved);
}

/** Where the figures were measured; written once per `npm run bench` (see bench/all.mjs). */
export function machineInfo() {
  const list = cpuList();
  return { cpu: list[0]?.model ?? 'unknown', cores: list.length, node: process.version, platform: `${process.platform} ${process.arch}`, date: new Date().toISOString() };
}

export function resetResults() {
  writeFileSync(resultsFile, `${JSON.stringify({ machine: machineInfo(), tables: {} }, null, 2)}\n`);
}

function saveSection(title, rows) {
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : { machine: machineInfo(), tables: {} };
  results.tables[title.replace(/\s*\(\d+ [^)]*\)$/, '')] = rows;
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

function meetsTarget(target, median, ratio) {
  const match = /^([≤≥<>])\s*([\d.]+)\s*(.*)$/.exec(target);
  if (!match) return undefined;
  const [, op, limitText, unit] = match;
  const value = unit.trim() === '×' ? ratio : median;
  if (value === undefined) return undefined;
  const limit = Number(limitText);
  return op === '≤' ? value <= limit : op === '≥' ? value >= limit : op === '<' ? value < limit : value > limit;
}

function fmt(value, unit) {
  return `${value < 10 ? value.toFixed(2) : value < 1e5 ? value.toFixed(1) : value.toExponential(2)} ${unit}`;
}

export function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
