/**
 * What travels through a pool's rings: task chunks to the workers, results back. Encoded with
 * poolCodec (structured clone, as Process arguments are); errors travel as name, message and the
 * worker's stack, and are rebuilt as the same Python-named class on the owner's side.
 */
import * as errors from './errors';
import { decodeValue as deserialize, encodeValue as serialize } from './poolCodec';

/** One chunk of one job: `items[i]` is task `firstTask + i`. */
export interface TaskChunk {
  readonly job: number;
  readonly chunk: number;
  readonly firstTask: number;
  readonly fn: string;
  /** starmap: each item is an argument list; otherwise each item is the one argument. */
  readonly star: boolean;
  readonly items: readonly unknown[];
  /** The owner's `submit` op that may wake an idle worker (0 when none was recorded). */
  readonly submitSeq: number;
}

export interface ErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

export interface ChunkResult {
  readonly job: number;
  readonly chunk: number;
  readonly ok: boolean;
  /** The chunk's values when ok, else the first error. */
  readonly value: readonly unknown[] | ErrorInfo;
  /** Who completed it, and its `complete` op: the wake cause for whoever waited on it. */
  readonly worker: number;
  readonly seq: number;
}

export function encodeTask(task: TaskChunk): Uint8Array {
  return serialize([task.job, task.chunk, task.firstTask, task.fn, task.star ? 1 : 0, task.items, task.submitSeq]);
}

export function decodeTask(bytes: Uint8Array): TaskChunk {
  const [job, chunk, firstTask, fn, star, items, submitSeq] = deserialize(bytes) as [number, number, number, string, number, unknown[], number];
  return { job, chunk, firstTask, fn, star: star === 1, items, submitSeq };
}

export function encodeResult(result: ChunkResult): Uint8Array {
  return serialize([result.job, result.chunk, result.ok ? 1 : 0, result.value, result.worker, result.seq]);
}

export function decodeResult(bytes: Uint8Array): ChunkResult {
  const [job, chunk, ok, value, worker, seq] = deserialize(bytes) as [number, number, number, unknown[] | ErrorInfo, number, number];
  return { job, chunk, ok: ok === 1, value, worker, seq };
}

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack ?? `${error.name}: ${error.message}` };
  return { name: 'Error', message: String(error), stack: `Error: ${String(error)}` };
}

const PYTHON_ERRORS: Record<string, new (message?: string) => Error> = {
  TimeoutError: errors.TimeoutError,
  BrokenBarrierError: errors.BrokenBarrierError,
  Empty: errors.Empty,
  Full: errors.Full,
  ValueError: errors.ValueError,
  RuntimeError: errors.RuntimeError,
  AssertionError: errors.AssertionError,
  EOFError: errors.EOFError,
  ProcessError: errors.ProcessError,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
};

/** The task's error as the owner re-throws it: the same class where known, the worker's stack. */
export function rebuildError(info: ErrorInfo): Error {
  const Class = PYTHON_ERRORS[info.name];
  const error = Class ? new Class(info.message) : new Error(info.message);
  if (!Class) error.name = info.name;
  error.stack = info.stack;
  return error;
}

/** "Name: message", the first line of a traceback: what the trace and the summary show. */
export function errorLine(info: ErrorInfo): string {
  return info.message ? `${info.name}: ${info.message}` : info.name;
}

const PREVIEW_CHARS = 60;

/** A short label for a task's arguments, cheap enough for every task. */
export function previewArgs(args: readonly unknown[]): string {
  let text = '(';
  for (let i = 0; i < args.length; i++) {
    if (i > 0) text += ', ';
    text += previewValue(args[i]);
    if (text.length > PREVIEW_CHARS) return text.slice(0, PREVIEW_CHARS) + '…)';
  }
  return text + ')';
}

function previewValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 20 ? value.slice(0, 20) + '…' : value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'function':
      return `[Function ${value.name}]`;
    case 'symbol':
      return String(value);
    default:
      if (value === null || value === undefined) return String(value);
      if (Array.isArray(value)) return `[${value.length} items]`;
      return primitiveLabel(value) ?? '{…}';
  }
}

function primitiveLabel(value: object): string | undefined {
  const name = (value as { name?: unknown }).name;
  const ctor = value.constructor?.name;
  return typeof name === 'string' && ctor && ctor !== 'Object' ? `${ctor} '${name}'` : undefined;
}
