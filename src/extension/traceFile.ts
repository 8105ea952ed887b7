/**
 * Trace files as `threadline run --trace out.json` writes them: `{ version, run, end, events }`.
 * Read and checked here, event by event, so a hand-edited or foreign file is refused with a
 * reason instead of breaking the views. Pure (no `vscode`).
 */
import type { RunEnd, RunInfo } from '../model/messages';
import { PROBLEM_KINDS } from '../model/problems';
import { OP_KINDS, PRIMITIVE_KINDS, WAIT_KINDS, WAIT_OUTCOMES, type TraceEvent, type TraceEventType } from '../model/trace';

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

type Check = (value: unknown) => boolean;
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const oneOf = (values: readonly string[]): Check => {
  const allowed: ReadonlySet<string> = new Set(values);
  return (value) => typeof value === 'string' && allowed.has(value);
};
const optional = (check: Check): Check => (value) => value === undefined || check(value);
const isSite: Check = (value) => isRecord(value) && isString(value.file) && isNumber(value.line) && isNumber(value.column);
const fieldsOk = (fields: Readonly<Record<string, Check>>): Check => (value) => isRecord(value) && Object.entries(fields).every(([key, check]) => check(value[key]));

const isStuckWorker = fieldsOk({
  worker: isNumber, workerName: isString, wait: oneOf(WAIT_KINDS), since: isNumber,
  primitive: optional(isNumber), primitiveName: optional(isString), primitiveKind: optional(oneOf(PRIMITIVE_KINDS)),
  primitiveSite: optional(isSite), heldBy: optional(isNumber), heldByName: optional(isString), site: optional(isSite),
});
const isOrder = fieldsOk({ worker: isNumber, workerName: isString, first: isNumber, firstName: isString, then: isNumber, thenName: isString, at: isNumber });
const arrayOf = (check: Check): Check => (value) => Array.isArray(value) && value.every(check);
const isProblem = fieldsOk({
  id: isString, kind: oneOf(PROBLEM_KINDS), detectedAt: isNumber, summary: isString, workers: arrayOf(isStuckWorker),
  orders: optional(arrayOf(isOrder)), inconclusive: optional(isBoolean),
});

/**
 * Every field the views read, per event type: a file that passes can be drawn as it is, so a
 * damaged one is refused whole rather than drawn with holes or "undefined" labels.
 */
const EVENT_FIELDS: Readonly<Record<TraceEventType, Readonly<Record<string, Check>>>> = {
  workerStart: { worker: isNumber, name: isString, role: oneOf(['main', 'process', 'poolWorker']), daemon: isBoolean, parent: optional(isNumber), target: optional(isString), pool: optional(isNumber) },
  workerExit: { worker: isNumber, exitCode: isNumber, error: optional(isString) },
  primitiveCreate: { worker: isNumber, primitive: isNumber, kind: oneOf(PRIMITIVE_KINDS), name: isString, site: optional(isSite) },
  waitBegin: { worker: isNumber, wait: oneOf(WAIT_KINDS), primitive: optional(isNumber), timeoutMs: optional(isNumber), site: optional(isSite) },
  waitEnd: { worker: isNumber, outcome: oneOf(WAIT_OUTCOMES), primitive: optional(isNumber), by: optional(isNumber), op: optional(oneOf(OP_KINDS)), opSeq: optional(isNumber) },
  op: { worker: isNumber, primitive: isNumber, op: oneOf(OP_KINDS), seq: isNumber, site: optional(isSite) },
  output: { worker: isNumber, stream: oneOf(['stdout', 'stderr']), text: isString, site: optional(isSite) },
  dropped: { worker: isNumber, count: isNumber },
  taskStart: { worker: isNumber, pool: isNumber, task: isNumber, fn: isString, args: optional(isString) },
  taskEnd: { worker: isNumber, pool: isNumber, task: isNumber, ok: isBoolean, error: optional(isString) },
  problem: { problem: isProblem },
};

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
  if (end !== undefined && end !== null && !(isRecord(end) && isNumber(end.exitCode) && isNumber(end.durationMs) && optional(isString)(end.error))) {
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
  if (typeof event.t !== 'string' || !Object.hasOwn(EVENT_FIELDS, event.t)) return `unknown type ${JSON.stringify(event.t)}`;
  if (!isNumber(event.at)) return '`at` is not a number';
  const fields = EVENT_FIELDS[event.t as TraceEventType];
  for (const [key, check] of Object.entries(fields)) {
    if (!check(event[key])) return `${event.t} has a bad \`${key}\` (${JSON.stringify(event[key]) ?? 'missing'})`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
