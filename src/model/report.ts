/**
 * The machine-readable report (`threadline run --report`): a contract tests and later
 * features build on. Times are milliseconds from run start.
 */
import type { RunEnd, RunInfo } from './messages';
import type { RunModel, WorkerState } from './runModel';
import type { Problem, ProblemKind, StuckWorker } from './problems';
import type { OpKind, PrimitiveKind, SourceSite } from './trace';

export const REPORT_VERSION = 1;

export interface ReportSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ReportStateInterval {
  readonly state: WorkerState;
  readonly fromMs: number;
  readonly toMs: number;
  /** Name of the primitive waited on. */
  readonly on?: string;
  readonly primitive?: number;
  readonly timeoutMs?: number;
  readonly site?: ReportSite;
}

export interface Report {
  readonly version: number;
  readonly program: string;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly endReason: RunEnd['reason'];
  readonly error?: string;
  readonly workers: ReadonlyArray<{
    readonly id: number;
    readonly name: string;
    readonly parent?: number;
    readonly daemon: boolean;
    readonly target?: string;
    readonly exitCode: number | null;
    readonly error?: string;
    readonly states: readonly ReportStateInterval[];
  }>;
  readonly primitives: ReadonlyArray<{
    readonly id: number;
    readonly kind: PrimitiveKind;
    readonly name: string;
    readonly createdBy: number;
    readonly site?: ReportSite;
    readonly ops: ReadonlyArray<{ readonly op: OpKind; readonly atMs: number; readonly worker: number }>;
  }>;
  readonly wakes: ReadonlyArray<{
    readonly waiter: number;
    readonly primitive?: number;
    readonly by: number;
    readonly op: OpKind;
    readonly opAtMs?: number;
    readonly atMs: number;
  }>;
  readonly output: ReadonlyArray<{ readonly worker: number; readonly atMs: number; readonly stream: string; readonly text: string; readonly site?: SourceSite }>;
  readonly records: { readonly written: number; readonly dropped: number };
  readonly tasks: ReadonlyArray<{
    readonly pool: number;
    readonly poolName?: string;
    readonly index: number;
    readonly fn: string;
    readonly args?: string;
    readonly worker: number;
    readonly fromMs: number;
    readonly toMs: number | null;
    readonly ok: boolean | null;
    readonly error?: string;
  }>;
  readonly deadlocks: readonly ReportProblem[];
  readonly hangs: readonly ReportProblem[];
  readonly potentialDeadlocks: readonly ReportProblem[];
  /** Workers that ended holding a lock (Python leaves it locked forever). */
  readonly deadOwners: readonly ReportProblem[];
}

/** A finding, with times in ms from run start and every site as file/line/column. */
export type ReportProblem = Omit<Problem, 'detectedAt' | 'workers'> & {
  readonly detectedAtMs: number;
  readonly workers: ReadonlyArray<Omit<StuckWorker, 'since'> & { readonly sinceMs: number }>;
};

function reportProblem(problem: Problem): ReportProblem {
  const { detectedAt, workers, ...rest } = problem;
  return {
    ...rest,
    detectedAtMs: round(detectedAt),
    workers: workers.map(({ since, ...stuck }) => ({ ...stuck, sinceMs: round(since) })),
  };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
const site = (s: SourceSite | undefined): ReportSite | undefined =>
  s ? { file: s.file, line: s.line, column: s.column } : undefined;

export function buildReport(model: RunModel, run: RunInfo, end: RunEnd): Report {
  const endMs = Math.max(end.durationMs, model.latest);
  return {
    version: REPORT_VERSION,
    program: run.program,
    exitCode: end.exitCode,
    durationMs: round(end.durationMs),
    endReason: end.reason,
    ...(end.error !== undefined ? { error: end.error } : {}),
    workers: [...model.workers.values()].map((w) => ({
      id: w.id,
      name: w.name,
      ...(w.parent !== undefined ? { parent: w.parent } : {}),
      daemon: w.daemon,
      ...(w.target !== undefined ? { target: w.target } : {}),
      exitCode: w.exitCode ?? null,
      ...(w.error !== undefined ? { error: w.error } : {}),
      states: w.states.map((s) => ({
        state: s.state,
        fromMs: round(s.from),
        toMs: round(s.to ?? endMs),
        ...(s.on !== undefined ? { on: model.primitives.get(s.on)?.name ?? `#${s.on}`, primitive: s.on } : {}),
        ...(s.timeoutMs !== undefined ? { timeoutMs: s.timeoutMs } : {}),
        ...(s.site ? { site: site(s.site) } : {}),
      })),
    })),
    primitives: [...model.primitives.values()].map((p) => ({
      id: p.id,
      kind: p.kind,
      name: p.name,
      createdBy: p.createdBy,
      ...(p.site ? { site: site(p.site) } : {}),
      ops: p.ops.map((o) => ({ op: o.op, atMs: round(o.at), worker: o.worker })),
    })),
    wakes: model.wakes.map((w) => ({
      waiter: w.waiter,
      ...(w.primitive !== undefined ? { primitive: w.primitive } : {}),
      by: w.by,
      op: w.op,
      ...(w.opAt !== undefined ? { opAtMs: round(w.opAt) } : {}),
      atMs: round(w.at),
    })),
    output: model.output.map((o) => ({ worker: o.worker, atMs: round(o.at), stream: o.stream, text: o.text, ...(o.site ? { site: o.site } : {}) })),
    records: end.records,
    tasks: model.tasks.map((t) => ({
      pool: t.pool,
      ...(model.primitives.get(t.pool) ? { poolName: model.primitives.get(t.pool)!.name } : {}),
      index: t.index,
      fn: t.fn,
      ...(t.args !== undefined ? { args: t.args } : {}),
      worker: t.worker,
      fromMs: round(t.from),
      toMs: t.to === undefined ? null : round(t.to),
      ok: t.ok ?? null,
      ...(t.error !== undefined ? { error: t.error } : {}),
    })),
    deadlocks: problemsOf(model, 'deadlock'),
    hangs: problemsOf(model, 'hang'),
    potentialDeadlocks: problemsOf(model, 'potentialDeadlock'),
    deadOwners: problemsOf(model, 'deadOwner'),
  };
}

function problemsOf(model: RunModel, kind: ProblemKind): ReportProblem[] {
  return [...model.problems.values()].filter((p) => p.kind === kind).map(reportProblem);
}
