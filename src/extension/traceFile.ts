/**
 * Trace files as `threadline run --trace out.json` writes them: `{ version, run, end, events }`.
 * Read and checked here, event by event, so a hand-edited or foreign file is refused with a
 * reason instead of breaking the views. Pure (no `vscode`).
 */
import type { RunEnd, RunInfo } from '../model/messages';
import { PRIMITIVE_KINDS, WAIT_KINDS, type TraceEvent } from '../model/trace';

/** The trace format version this extension reads. */
export const TRACE_FILE_VERSION = 1;

export interface TraceFile {
  readonly version: number;
  readonly run: RunInfo;
  /** Absent when the file was cut short (the run never ended). */
  readonly end?: RunEnd;
  readonly events: readonly TraceEvent[];
}

export class TraceFileError extends Error {}

const EVENT_TYPES: ReadonlySet<string> = new Set([
  'workerStart', 'workerExit', 'primitiveCreate', 'waitBegin', 'waitEnd', 'op', 'output', 'dropped', 'taskStart', 'taskEnd', 'problem',
]);
const primitiveKinds: ReadonlySet<string> = new Set(PRIMITIVE_KINDS);
const waitKinds: ReadonlySet<string> = new Set(WAIT_KINDS);

/** Parses a trace file's text; throws a TraceFileError saying what is wrong. */
export function parseTraceFile(text: string): TraceFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TraceFileError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(parsed)) throw new TraceFileError('not a JSON object');
  if (parsed.version !== TRACE_FILE_VERSION) {
    throw new TraceFileError(`trace version ${JSON.stringify(parsed.version)}; this Threadline reads version ${TRACE_FILE_VERSION}`);
  }
  const run = parsed.run;
  if (!isRecord(run) || typeof run.runId !== 'string' || typeof run.program !== 'string' || typeof run.startedAtEpochMs !== 'number') {
    throw new TraceFileError('`run` lacks runId, program or startedAtEpochMs');
  }
  const end = parsed.end;
  if (end !== undefined && end !== null && !(isRecord(end) && typeof end.exitCode === 'number' && typeof end.durationMs === 'number')) {
    throw new TraceFileError('`end` lacks exitCode or durationMs');
  }
  if (!Array.isArray(parsed.events)) throw new TraceFileError('`events` is not an array');
  parsed.events.forEach((event: unknown, index) => {
    const why = eventProblem(event);
    if (why) throw new TraceFileError(`event ${index}: ${why}`);
  });
  return {
    version: TRACE_FILE_VERSION,
    run: run as unknown as RunInfo,
    ...(isRecord(end) ? { end: end as unknown as RunEnd } : {}),
    events: parsed.events as TraceEvent[],
  };
}

/** Why an event cannot be folded into a model, or undefined when it can. */
function eventProblem(event: unknown): string | undefined {
  if (!isRecord(event)) return 'not an object';
  if (typeof event.t !== 'string' || !EVENT_TYPES.has(event.t)) return `unknown type ${JSON.stringify(event.t)}`;
  if (typeof event.at !== 'number' || !Number.isFinite(event.at)) return '`at` is not a number';
  if (event.t !== 'problem' && typeof event.worker !== 'number') return '`worker` is not a number';
  if (event.t === 'primitiveCreate' && !primitiveKinds.has(String(event.kind))) return `unknown primitive kind ${JSON.stringify(event.kind)}`;
  if (event.t === 'waitBegin' && !waitKinds.has(String(event.wait))) return `unknown wait ${JSON.stringify(event.wait)}`;
  if (event.t === 'problem' && !(isRecord(event.problem) && typeof event.problem.id === 'string' && Array.isArray(event.problem.workers))) {
    return 'a problem without id or workers';
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
