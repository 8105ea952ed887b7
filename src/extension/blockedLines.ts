/**
 * The lines where workers are stuck right now, worded for the editor: one entry per source
 * line with an after-line annotation ("Process-2 waiting on lock `b` held by Process-1 · 1.2 s"),
 * a hover with the full picture, and whether the line is part of a deadlock. Who holds a lock
 * comes from the detectors' Problem when there is one, else from the lock's own ops.
 * Pure (no `vscode`), so the words can be checked without an editor.
 */
import type { Millis, PrimitiveId, WorkerId } from '../model/ids';
import type { Problem, ProblemKind, StuckWorker } from '../model/problems';
import type { RunModel, StateInterval, WorkerView } from '../model/runModel';
import { primitiveState, waitersByPrimitive, type PrimitiveState } from './primitiveState';
import { formatDuration } from './workerText';

export interface BlockedWorker {
  readonly worker: WorkerId;
  readonly name: string;
  /** "waiting on lock `b` held by Process-1" */
  readonly phrase: string;
  readonly since: Millis;
  readonly timeoutMs?: number;
}

export interface BlockedLine {
  readonly file: string;
  /** 1-based, as in the trace. */
  readonly line: number;
  readonly column: number;
  readonly workers: readonly BlockedWorker[];
  /** The after-line annotation. */
  readonly text: string;
  /** Markdown for the hover. */
  readonly hover: string;
  /** Kinds of the problems that name a worker stuck on this line (deadlock ⇒ a gutter icon). */
  readonly problems: readonly ProblemKind[];
}

/** Names shown in a shared annotation before "+n". */
const NAMES_SHOWN = 3;

export function blockedLines(model: RunModel, now: Millis): BlockedLine[] {
  const stuckBy = stuckInProblems(model);
  const waiters = waitersByPrimitive(model);
  const states = new Map<PrimitiveId, PrimitiveState>();
  const stateOf = (id: PrimitiveId): PrimitiveState | undefined => {
    const primitive = model.primitives.get(id);
    if (!primitive) return undefined;
    let state = states.get(id);
    if (!state) states.set(id, (state = primitiveState(model, primitive, waiters.get(id) ?? [])));
    return state;
  };

  const byLine = new Map<string, { file: string; line: number; column: number; entries: { blocked: BlockedWorker; target: string; problems: Problem[] }[] }>();
  for (const worker of model.workers.values()) {
    const interval = worker.states[worker.states.length - 1];
    if (!interval || interval.to !== undefined || !interval.site) continue;
    if (interval.state !== 'waiting' && interval.state !== 'blocked') continue;
    const problems = (stuckBy.get(worker.id) ?? []).filter(({ stuck }) => stuck.since === interval.from || stuck.site?.line === interval.site?.line);
    const target = targetPhrase(model, worker, interval, problems.map((p) => p.stuck), stateOf);
    const blocked: BlockedWorker = {
      worker: worker.id,
      name: worker.name,
      phrase: target,
      since: interval.from,
      ...(interval.timeoutMs !== undefined ? { timeoutMs: interval.timeoutMs } : {}),
    };
    const key = `${interval.site.file}:${interval.site.line}`;
    let entry = byLine.get(key);
    if (!entry) byLine.set(key, (entry = { file: interval.site.file, line: interval.site.line, column: interval.site.column, entries: [] }));
    entry.entries.push({ blocked, target, problems: problems.map((p) => p.problem) });
  }

  return [...byLine.values()].map(({ file, line, column, entries }) => {
    entries.sort((a, b) => a.blocked.worker - b.blocked.worker);
    const problems = unique(entries.flatMap((e) => e.problems));
    return {
      file,
      line,
      column,
      workers: entries.map((e) => e.blocked),
      text: annotation(entries.map((e) => e.blocked), now),
      hover: hoverMarkdown(file, line, entries.map((e) => e.blocked), problems, now),
      problems: unique(problems.map((p) => p.kind)),
    };
  });
}

/** "waiting on lock `b` held by Process-1", "waiting to join Process-2", "waiting on event `ready`". */
function targetPhrase(
  model: RunModel,
  worker: WorkerView,
  interval: StateInterval,
  stuck: readonly StuckWorker[],
  stateOf: (id: PrimitiveId) => PrimitiveState | undefined,
): string {
  const primitive = interval.on !== undefined ? model.primitives.get(interval.on) : undefined;
  if (interval.wait === 'join') return `waiting to join ${primitive?.name ?? 'a process'}`;
  const what = primitive ? `${primitive.kind} \`${primitive.name}\`` : interval.wait ?? 'something';
  const fromProblem = stuck.find((s) => s.heldByName !== undefined)?.heldByName;
  const owner = interval.on !== undefined ? stateOf(interval.on)?.owner : undefined;
  const fromOps = owner !== undefined && owner !== worker.id ? model.workers.get(owner)?.name : undefined;
  const heldBy = fromProblem ?? fromOps;
  return `waiting on ${what}${heldBy ? ` held by ${heldBy}` : ''}`;
}

function annotation(workers: readonly BlockedWorker[], now: Millis): string {
  const longest = formatDuration(now - Math.min(...workers.map((w) => w.since)));
  const phrases = unique(workers.map((w) => w.phrase));
  if (phrases.length === 1) {
    const names = workers.map((w) => w.name);
    const shown = names.length > NAMES_SHOWN + 1 ? `${names.slice(0, NAMES_SHOWN).join(', ')} +${names.length - NAMES_SHOWN}` : names.join(', ');
    return `${shown} ${phrases[0]} · ${longest}`;
  }
  const [first] = workers;
  return `${first?.name} ${first?.phrase} · ${longest}  (+${workers.length - 1} more here)`;
}

function hoverMarkdown(file: string, line: number, workers: readonly BlockedWorker[], problems: readonly Problem[], now: Millis): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const lines = [`**Threadline** · ${escape(name)}:${line}`, ''];
  for (const w of workers) {
    const timeout = w.timeoutMs !== undefined ? `timeout ${formatDuration(w.timeoutMs)}` : 'no timeout';
    lines.push(`- **${escape(w.name)}** ${escape(w.phrase)} for ${formatDuration(now - w.since)} (${timeout})`);
  }
  for (const problem of problems) {
    lines.push('', `$(${problem.kind === 'deadlock' ? 'error' : 'warning'}) ${escape(problem.summary)}${problem.inconclusive ? ' _(inconclusive: trace records were lost)_' : ''}`);
  }
  return lines.join('\n');
}

/** Each worker the detectors say is stuck, with the finding that says so (deadlocks first). */
function stuckInProblems(model: RunModel): Map<WorkerId, { problem: Problem; stuck: StuckWorker }[]> {
  const byWorker = new Map<WorkerId, { problem: Problem; stuck: StuckWorker }[]>();
  const order: Record<ProblemKind, number> = { deadlock: 0, hang: 1, deadOwner: 2, potentialDeadlock: 3 };
  const problems = [...model.problems.values()].sort((a, b) => order[a.kind] - order[b.kind]);
  for (const problem of problems) {
    for (const stuck of problem.workers) {
      const list = byWorker.get(stuck.worker);
      if (list) list.push({ problem, stuck });
      else byWorker.set(stuck.worker, [{ problem, stuck }]);
    }
  }
  return byWorker;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Program names reach a Markdown hover: nothing in them may become a link or markup. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, (c) => `\\${c}`);
}
