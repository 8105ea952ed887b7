/**
 * Record type codes and the decoder from ring records to trace events. The runtime writes
 * records with these codes (see src/runtime/tracer.ts); the host decodes them here.
 */
import { asMillis, asPrimitiveId, type WorkerId } from './ids';
import type { RawRecord } from './traceRing';
import {
  OP_KINDS,
  PRIMITIVE_KINDS,
  WAIT_KINDS,
  WAIT_OUTCOMES,
  type OpKind,
  type SourceSite,
  type TraceEvent,
} from './trace';

export const RecordType = {
  primitiveCreate: 1,
  waitBegin: 2,
  waitEnd: 3,
  op: 4,
  output: 5,
  /** primitive = pool, a = task index, text = "fn\nargs preview" */
  taskStart: 6,
  /** primitive = pool, a = task index, b = 1 when ok, text = error */
  taskEnd: 7,
} as const;

export const NO_PRIMITIVE = -1;
export const NO_WORKER = -1;
export const NO_TIMEOUT = -1;
/** Set in an output record's `c` when the text continues in the next output record. */
export const OUTPUT_CONTINUES = 1;
/** In an output record's field `a`: the text starts with the console call's site, then OUTPUT_SITE_END. */
export const OUTPUT_HAS_SITE = 1;
export const OUTPUT_SITE_END = '\u0000';

/** A site travels as "line:column:file" so the file, which may contain colons, comes last. */
export function encodeSite(site: SourceSite | undefined): string {
  return site ? `${site.line}:${site.column}:${site.file}` : '';
}

export function decodeSite(text: string | undefined): SourceSite | undefined {
  if (!text) return undefined;
  const first = text.indexOf(':');
  const second = text.indexOf(':', first + 1);
  if (first < 0 || second < 0) return undefined;
  return { line: Number(text.slice(0, first)), column: Number(text.slice(first + 1, second)), file: text.slice(second + 1) };
}

/** Primitive metadata travels as "name\nsite" (names never contain newlines). */
export function encodeCreate(name: string, site: SourceSite | undefined): string {
  return `${name.replace(/\n/g, ' ')}\n${encodeSite(site)}`;
}

/** Turns one worker's records into trace events; keeps the state a split output needs. */
export class RecordDecoder {
  private pendingOutput = '';

  constructor(private readonly worker: WorkerId) {}

  decode(record: RawRecord): TraceEvent | undefined {
    const at = asMillis(record.time);
    const worker = this.worker;
    switch (record.type) {
      case RecordType.primitiveCreate: {
        const text = record.text ?? '';
        const newline = text.indexOf('\n');
        const name = newline < 0 ? text : text.slice(0, newline);
        const site = newline < 0 ? undefined : decodeSite(text.slice(newline + 1));
        const kind = PRIMITIVE_KINDS[record.a];
        if (!kind) return undefined;
        return { t: 'primitiveCreate', at, worker, primitive: asPrimitiveId(record.primitive), kind, name, site };
      }
      case RecordType.waitBegin: {
        const wait = WAIT_KINDS[record.a];
        if (!wait) return undefined;
        // Read once: a block cursor decodes the text on every read.
        const text = record.text;
        return {
          t: 'waitBegin',
          at,
          worker,
          wait,
          ...(record.primitive !== NO_PRIMITIVE ? { primitive: asPrimitiveId(record.primitive) } : {}),
          ...(record.b !== NO_TIMEOUT ? { timeoutMs: record.b } : {}),
          ...(text ? { site: decodeSite(text) } : {}),
        };
      }
      case RecordType.waitEnd: {
        const outcome = WAIT_OUTCOMES[record.a & 0xff];
        if (!outcome) return undefined;
        const op: OpKind | undefined = record.b !== NO_WORKER ? OP_KINDS[record.a >> 8] : undefined;
        return {
          t: 'waitEnd',
          at,
          worker,
          outcome,
          ...(record.primitive !== NO_PRIMITIVE ? { primitive: asPrimitiveId(record.primitive) } : {}),
          ...(op !== undefined ? { by: record.b as WorkerId, op, opSeq: record.c } : {}),
        };
      }
      case RecordType.op: {
        const op = OP_KINDS[record.a];
        if (!op) return undefined;
        const site = decodeSite(record.text);
        return { t: 'op', at, worker, primitive: asPrimitiveId(record.primitive), op, seq: record.b, ...(site ? { site } : {}) };
      }
      case RecordType.output: {
        const joined = this.pendingOutput + (record.text ?? '');
        if (record.c === OUTPUT_CONTINUES) {
          this.pendingOutput = joined;
          return undefined;
        }
        this.pendingOutput = '';
        const stream = record.b === 1 ? 'stderr' : 'stdout';
        const end = record.a === OUTPUT_HAS_SITE ? joined.indexOf(OUTPUT_SITE_END) : -1;
        const site = end >= 0 ? decodeSite(joined.slice(0, end)) : undefined;
        const text = end >= 0 ? joined.slice(end + OUTPUT_SITE_END.length) : joined;
        return { t: 'output', at, worker, stream, text, ...(site ? { site } : {}) };
      }
      case RecordType.taskStart: {
        const text = record.text ?? '';
        const newline = text.indexOf('\n');
        const fn = newline < 0 ? text : text.slice(0, newline);
        const args = newline < 0 ? undefined : text.slice(newline + 1);
        return { t: 'taskStart', at, worker, pool: asPrimitiveId(record.primitive), task: record.a, fn, ...(args ? { args } : {}) };
      }
      case RecordType.taskEnd: {
        const error = record.text;
        return {
          t: 'taskEnd',
          at,
          worker,
          pool: asPrimitiveId(record.primitive),
          task: record.a,
          ok: record.b === 1,
          ...(error ? { error } : {}),
        };
      }
      default:
        return undefined;
    }
  }
}
