/**
 * The end-of-run text summary: pure, so tests compare it with golden text. It reads only what
 * a model keeps without history (tallies and current states), so a run with no report or trace
 * asked for need not keep one.
 */
import type { PrimitiveId } from '../model/ids';
import type { RunEnd } from '../model/messages';
import type { RunModel, WorkerState } from '../model/runModel';
import { OP_KINDS } from '../model/trace';
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
    const totals: Partial<Record<WorkerState, number>> = { ...worker.timeIn };
    const current = worker.states[worker.states.length - 1];
    if (current && current.to === undefined) totals[current.state] = (totals[current.state] ?? 0) + (end.durationMs - current.from);
    const cell = (state: WorkerState) => pad(totals[state] ? formatMs(totals[state]) : '-', 10);
    const exit = pad(worker.exitCode === undefined ? '-' : String(worker.exitCode), 4);
    lines.push(`  ${pad(worker.name, nameWidth)}  ${exit}  ${cell('starting')} ${cell('running')} ${cell('waiting')} ${cell('blocked')} ${cell('sleeping')}`.trimEnd());
    if (worker.error) lines.push(`    ${worker.error.split('\n')[0]}`);
  }
  const byName = (id: number) => model.workers.get(id as never)?.name ?? `#${id}`;
  for (const primitive of model.primitives.values()) {
    if (primitive.kind === 'process') continue;
    // In the vocabulary's order, not the order ops were first seen (which drains decide).
    const counts = [...primitive.opCounts].sort(([a], [b]) => OP_KINDS.indexOf(a) - OP_KINDS.indexOf(b)).map(([op, count]) => `${count}× ${op}`).join(', ');
    const where = primitive.site ? ` (${rel(primitive.site.file)}:${primitive.site.line})` : '';
    const waiters = [...primitive.wokeWaiters].map(byName).join(', ');
    lines.push(`  ${primitive.kind} ${primitive.name}${where}: ${counts || 'unused'}; woke ${primitive.woke}${primitive.woke ? ` (${waiters})` : ''}`);
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
function poolTasksLine(model: RunModel, pool: PrimitiveId): string {
  const { ok, failed, firstError: error } = model.taskTally(pool);
  const firstError = error?.split('\n')[0];
  return `tasks: ${ok} ok, ${failed} failed${firstError ? `; first error: ${firstError.length > 160 ? firstError.slice(0, 160) + '…' : firstError}` : ''}`;
}
