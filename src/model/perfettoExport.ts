/**
 * A run as a Chrome trace-event JSON document, which Perfetto (ui.perfetto.dev) and
 * chrome://tracing open. Pure: events or a RunModel in, a plain object (or its JSON) out.
 *
 * Mapping (JSON Object Format, times in microseconds):
 * - pid 1 is the run (process_name metadata = the program), one thread per worker: tid =
 *   worker id, `thread_name` / `thread_sort_index` metadata.
 * - Each state interval → a complete event 'X' (cat "state"); each pool task → an 'X' (cat
 *   "task") on its worker. Slices on one thread must nest, so state intervals are split at
 *   task boundaries and become the task's children.
 * - Each op → a thread-scoped instant 'i' (cat "op"); output lines → instants with the text in
 *   args; problems → global instants.
 * - Each wake → a flow: 's' on the releasing worker at the op, 'f' (bp "e") on the waiter at
 *   its resume, same cat/name/id, so Perfetto draws an arrow between the enclosing slices.
 */
import type { RunEnd, RunInfo } from './messages';
import { RunModel, type StateInterval, type TaskView } from './runModel';
import type { SourceSite, TraceEvent } from './trace';

export const EXPORT_PID = 1;

/** One entry of `traceEvents`; the phases Threadline writes. */
export type ChromeTraceEvent =
  | { name: string; ph: 'M'; pid: number; tid: number; args: Record<string, unknown> }
  | { name: string; cat: string; ph: 'X'; ts: number; dur: number; pid: number; tid: number; args?: Record<string, unknown> }
  | { name: string; cat: string; ph: 'i'; s: 't' | 'p' | 'g'; ts: number; pid: number; tid: number; args?: Record<string, unknown> }
  | { name: string; cat: string; ph: 's'; id: number; ts: number; pid: number; tid: number }
  | { name: string; cat: string; ph: 'f'; bp: 'e'; id: number; ts: number; pid: number; tid: number };

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string | number>;
}

export interface ExportOptions {
  readonly run?: RunInfo;
  readonly end?: RunEnd;
}

/** The trace document for a list of trace events (what a run session or a saved trace holds). */
export function chromeTraceFromEvents(events: readonly TraceEvent[], options: ExportOptions = {}): ChromeTrace {
  const model = new RunModel();
  model.applyAll(events);
  return chromeTraceFromModel(model, options);
}

/** The same document as JSON text, ready to write to a `.json` file. */
export function chromeTraceJson(events: readonly TraceEvent[], options: ExportOptions = {}): string {
  return JSON.stringify(chromeTraceFromEvents(events, options));
}

/** Milliseconds on the run's clock → the format's microseconds (kept to 1 ns). */
export function toMicros(ms: number): number {
  return Math.round(ms * 1e6) / 1e3;
}

export function chromeTraceFromModel(model: RunModel, options: ExportOptions = {}): ChromeTrace {
  const end = Math.max(options.end?.durationMs ?? 0, model.latest);
  const out: ChromeTraceEvent[] = [];
  const program = options.run?.program ?? 'run';
  out.push({ name: 'process_name', ph: 'M', pid: EXPORT_PID, tid: 0, args: { name: `Threadline: ${baseName(program)}` } });
  const workers = [...model.workers.values()].sort((a, b) => a.id - b.id);
  workers.forEach((worker, i) => {
    out.push({ name: 'thread_name', ph: 'M', pid: EXPORT_PID, tid: worker.id, args: { name: worker.name } });
    out.push({ name: 'thread_sort_index', ph: 'M', pid: EXPORT_PID, tid: worker.id, args: { sort_index: i } });
  });
  const tasksByWorker = new Map<number, TaskView[]>();
  for (const task of model.tasks) {
    const list = tasksByWorker.get(task.worker);
    if (list) list.push(task);
    else tasksByWorker.set(task.worker, [task]);
  }
  for (const worker of workers) {
    const tasks = (tasksByWorker.get(worker.id) ?? []).slice().sort((a, b) => a.from - b.from);
    const cuts = tasks.flatMap((t) => [t.from, t.to ?? end]);
    for (const task of tasks) {
      const to = task.to ?? end;
      out.push({
        name: `#${task.index} ${task.fn}(${task.args ?? ''})`,
        cat: 'task',
        ph: 'X',
        ts: toMicros(task.from),
        dur: toMicros(to) - toMicros(task.from),
        pid: EXPORT_PID,
        tid: worker.id,
        args: { pool: model.primitives.get(task.pool)?.name ?? task.pool, task: task.index, ok: task.ok ?? null, ...(task.error ? { error: task.error } : {}) },
      });
    }
    for (const interval of worker.states) {
      if (interval.state === 'done') continue;
      const to = interval.to ?? Math.max(end, interval.from);
      for (const [from, until] of splitAt(interval.from, to, cuts)) {
        out.push({
          name: stateName(interval, model),
          cat: 'state',
          ph: 'X',
          ts: toMicros(from),
          dur: toMicros(until) - toMicros(from),
          pid: EXPORT_PID,
          tid: worker.id,
          args: stateArgs(interval, model),
        });
      }
    }
  }
  for (const primitive of model.primitives.values()) {
    for (const mark of primitive.ops) {
      out.push({
        name: `${primitive.name}.${mark.op}`,
        cat: 'op',
        ph: 'i',
        s: 't',
        ts: toMicros(mark.at),
        pid: EXPORT_PID,
        tid: mark.worker,
        args: { primitive: primitive.name, kind: primitive.kind, op: mark.op, seq: mark.seq, ...(mark.site ? { site: siteText(mark.site) } : {}) },
      });
    }
  }
  let flowId = 0;
  for (const wake of model.wakes) {
    if (wake.opAt === undefined) continue;
    flowId++;
    out.push({ name: `wake (${wake.op})`, cat: 'wake', ph: 's', id: flowId, ts: toMicros(wake.opAt), pid: EXPORT_PID, tid: wake.by });
    out.push({ name: `wake (${wake.op})`, cat: 'wake', ph: 'f', bp: 'e', id: flowId, ts: toMicros(wake.at), pid: EXPORT_PID, tid: wake.waiter });
  }
  for (const line of model.output) {
    out.push({ name: line.stream, cat: 'output', ph: 'i', s: 't', ts: toMicros(line.at), pid: EXPORT_PID, tid: line.worker, args: { text: line.text } });
  }
  for (const problem of model.problems.values()) {
    out.push({
      name: `${problem.kind}: ${problem.summary}`,
      cat: 'problem',
      ph: 'i',
      s: 'g',
      ts: toMicros(problem.detectedAt),
      pid: EXPORT_PID,
      tid: 0,
      args: { id: problem.id, kind: problem.kind, workers: problem.workers.map((w) => w.workerName), ...(problem.inconclusive ? { inconclusive: true } : {}) },
    });
  }
  const otherData: Record<string, string | number> = { generator: 'Threadline', program, events: model.eventCount };
  if (options.run) otherData.startedAt = new Date(options.run.startedAtEpochMs).toISOString();
  if (options.end) {
    otherData.exitCode = options.end.exitCode;
    otherData.endReason = options.end.reason;
  }
  return { traceEvents: out, displayTimeUnit: 'ms', otherData };
}

/** [from, to) split at the cut points inside it, so that pieces nest under task slices. */
export function splitAt(from: number, to: number, cuts: readonly number[]): [number, number][] {
  const inside = cuts.filter((c) => c > from && c < to).sort((a, b) => a - b);
  const pieces: [number, number][] = [];
  let start = from;
  for (const cut of inside) {
    if (cut > start) pieces.push([start, cut]);
    start = cut;
  }
  pieces.push([start, to]);
  return pieces;
}

function stateName(interval: StateInterval, model: RunModel): string {
  if (interval.wait === undefined) return interval.state;
  if (interval.wait === 'sleep') return 'sleeping';
  const p = interval.on !== undefined ? model.primitives.get(interval.on) : undefined;
  return `${interval.state}: ${interval.wait}${p ? ` ${p.name}` : ''}`;
}

function stateArgs(interval: StateInterval, model: RunModel): Record<string, unknown> {
  const args: Record<string, unknown> = { state: interval.state };
  if (interval.wait) args.wait = interval.wait;
  if (interval.on !== undefined) args.primitive = model.primitives.get(interval.on)?.name ?? interval.on;
  if (interval.timeoutMs !== undefined) args.timeoutMs = interval.timeoutMs;
  if (interval.site) args.site = siteText(interval.site);
  return args;
}

function siteText(site: SourceSite): string {
  return `${site.file}:${site.line}:${site.column}`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
