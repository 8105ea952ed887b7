/**
 * The receiving end of the host's batches: turns record blocks back into trace events with one
 * decoder per worker (a console line split over several records spans blocks), and keeps the
 * host's ordering rule: a batch's events are ordered by time, so output from different rings
 * interleaves as it happened.
 */
import { asMillis, asPrimitiveId, type Millis, type PrimitiveId, type WorkerId } from './ids';
import type { BatchPart } from './messages';
import { RecordBlockCursor } from './recordBlock';
import { readOpRun, readPassedWait, RecordDecoder, RecordType, type PassedWait, type TaskSpanTally } from './records';
import { OP_KINDS, type OpKind, type TraceEvent } from './trace';

/**
 * Takes an op straight from its record, without an event made of it (a lock loop makes
 * millions); false: the op is decoded into the batch as usual. See RunModel.tallyOp.
 */
export type OpTally = (worker: WorkerId, primitive: PrimitiveId, op: OpKind, at: Millis, count: number) => boolean;

/**
 * What a model that keeps no history takes from records directly instead of from events: ops,
 * pool tasks (a task of its own starting or ending ok, or a chunk span of tasks that all ended
 * ok), and waits that were over when written, each returning false when the model wants the
 * events after all.
 */
export interface RecordTally {
  readonly op: OpTally;
  readonly tasks: TaskSpanTally;
  /** A wait that was over when written (see RunModel.tallyWait). */
  readonly wait: (worker: WorkerId, passed: PassedWait) => boolean;
}

export class BatchDecoder {
  private readonly decoders = new Map<WorkerId, RecordDecoder>();

  decode(parts: readonly BatchPart[], tally?: RecordTally): TraceEvent[] {
    const events: TraceEvent[] = [];
    /** Workers with a record decoded in this batch: the model takes its events only once the batch is decoded. */
    const decodedFor = new Set<WorkerId>();
    let sorted = true;
    let last = -Infinity;
    const add = (event: TraceEvent): void => {
      if (event.at < last) sorted = false;
      else last = event.at;
      events.push(event);
    };
    for (const part of parts) {
      if (part.kind === 'events') {
        for (const event of part.events) add(event);
        continue;
      }
      const worker = part.block.worker;
      const decoder = this.decoderFor(worker);
      const cursor = new RecordBlockCursor(part.block.bytes);
      // A chunk's end expands into tasks that ran before it: the sort below puts them in place.
      while (cursor.next()) {
        if (tally) {
          if (this.tallied(cursor, worker, tally, decodedFor)) continue;
          decodedFor.add(worker);
        }
        decoder.decode(cursor, add, tally?.tasks);
      }
    }
    // Array.prototype.sort is stable: events of one ring keep their order at equal times.
    if (!sorted) events.sort((a, b) => a.at - b.at);
    return events;
  }

  /** Ops and runs of them, task starts and tasks that ended ok, and passed waits, taken by a tally instead of decoded (see RecordTally). */
  private tallied(cursor: RecordBlockCursor, worker: WorkerId, tally: RecordTally, decodedFor: ReadonlySet<WorkerId>): boolean {
    switch (cursor.type) {
      case RecordType.waitOver: {
        // A worker's states follow its records in order: once one of its records became events
        // (folded after the whole batch), a wait tallied now would come before them.
        if (decodedFor.has(worker)) return false;
        const passed = readPassedWait(cursor);
        return passed !== undefined && tally.wait(worker, passed);
      }
      case RecordType.op: {
        const op = OP_KINDS[cursor.a];
        return op !== undefined && tally.op(worker, asPrimitiveId(cursor.primitive), op, asMillis(cursor.time), 1);
      }
      case RecordType.opRun: {
        const run = readOpRun(cursor);
        if (!run) return false;
        // Alternating from the first op: half the run (the odd one out to the first) each.
        const primitive = asPrimitiveId(cursor.primitive);
        const at = asMillis(cursor.time);
        if (!tally.op(worker, primitive, run.first, at, Math.ceil(run.count / 2))) return false;
        // The same model took the first half, so it takes this one: a tally's answer depends on the primitive and worker only.
        if (run.count > 1) tally.op(worker, primitive, run.second, at, Math.floor(run.count / 2));
        return true;
      }
      case RecordType.taskStart:
        return tally.tasks(worker, asPrimitiveId(cursor.primitive), 0, asMillis(cursor.time), 1);
      case RecordType.taskEnd: {
        if (cursor.b !== 1) return false;
        const pool = asPrimitiveId(cursor.primitive);
        const at = asMillis(cursor.time);
        // With the `complete` op in the record: the op is counted first, and a model that takes
        // it takes the task too (both hang on the same "no history, worker running" rule).
        if (cursor.c !== 0 && !tally.op(worker, pool, 'complete', at, 1)) return false;
        return tally.tasks(worker, pool, 1, at, 1);
      }
      default:
        return false;
    }
  }

  private decoderFor(worker: WorkerId): RecordDecoder {
    let decoder = this.decoders.get(worker);
    if (!decoder) this.decoders.set(worker, (decoder = new RecordDecoder(worker)));
    return decoder;
  }
}
