/** The end-of-run text summary: pure, so tests compare it with golden text. */
import type { RunEnd } from '../model/messages';
import type { RunModel, WorkerState } from '../model/runModel';
import { formatMs, pad } from './format';

export function renderSummary(model: RunModel, end: RunEnd, options: { readonly relativeTo?: string } = {}): string {
  const lines: string[] = [];
  const rel = (file: string) => (options.relativeTo && file.startsWith(options.relativeTo + '/') ? file.slice(options.relativeTo.length + 1) : file);
  const verdict = end.reason === 'stopped' ? 'stopped' : end.reason === 'failedToStart' ? 'failed to start' : `exited with code ${end.exitCode}`;
  lines.push(`Threadline: run ${verdict} after ${formatMs(end.durationMs)}`);
  if (end.error) lines.push(`  ${end.error}`);
  const nameWidth = Math.max(6, ...[...model.workers.values()].map((w) => w.name.length));
  lines.push(`  ${pad('worker', nameWidth)}  exit  starting   running    waiting    blocked    sleeping`);
  for (const worker of model.workers.values()) {
    const totals: Partial<Record<WorkerState, number>> = {};
    for (const s of worker.states) totals[s.state] = (totals[s.state] ?? 0) + ((s.to ?? end.durationMs) - s.from);
    const cell = (state: WorkerState) => pad(totals[state] ? formatMs(totals[state]) : '-', 10);
    const exit = pad(worker.exitCode === undefined ? '-' : String(worker.exitCode), 4);
    lines.push(`  ${pad(worker.name, nameWidth)}  ${exit}  ${cell('starting')} ${cell('running')} ${cell('waiting')} ${cell('blocked')} ${cell('sleeping')}`.trimEnd());
    if (worker.error) lines.push(`    ${worker.error.split('\n')[0]}`);
  }
  const byName = (id: number) => model.workers.get(id as never)?.name ?? `#${id}`;
  for (const primitive of model.primitives.values()) {
    if (primitive.kind === 'process') continue;
    const woke = model.wakes.filter((w) => w.primitive === primitive.id);
    const ops = primitive.ops.map((o) => o.op);
    const counts = [...new Set(ops)].map((op) => `${ops.filter((o) => o === op).length}× ${op}`).join(', ');
    const where = primitive.site ? ` (${rel(primitive.site.file)}:${primitive.site.line})` : '';
    lines.push(`  ${primitive.kind} ${primitive.name}${where}: ${counts || 'unused'}; woke ${woke.length}${woke.length ? ` (${[...new Set(woke.map((w) => byName(w.waiter)))].join(', ')})` : ''}`);
    if (primitive.kind === 'pool') lines.push(`    ${poolTasksLine(model, primitive.id)}`);
  }
  const problems = [...model.problems.values()];
  if (problems.length > 0) {
    lines.push(`  problems: ${problems.length}`);
    for (const problem of problems) lines.push(`    ${problem.summary}`);
  }
  lines.push(`  records: ${end.records.written} written, ${end.records.dropped} dropped`);
  return lines.join('\n');
}

/** One pool's tasks: how many ended ok or failed, and the first error (failed tasks are never silent). */
function poolTasksLine(model: RunModel, pool: number): string {
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  for (const task of model.tasks) {
    if (task.pool !== pool || task.ok === undefined) continue;
    if (task.ok) ok++;
    else {
      failed++;
      firstError ??= task.error?.split('\n')[0];
    }
  }
  return `tasks: ${ok} ok, ${failed} failed${firstError ? `; first error: ${firstError.length > 160 ? firstError.slice(0, 160) + '…' : firstError}` : ''}`;
}
