/**
 * The receiving end of the host's batches: turns record blocks back into trace events with one
 * decoder per worker (a console line split over several records spans blocks), and keeps the
 * host's ordering rule: a batch's events are ordered by time, so output from different rings
 * interleaves as it happened.
 */
import type { WorkerId } from './ids';
import type { BatchPart } from './messages';
import { RecordBlockCursor } from './recordBlock';
import { RecordDecoder } from './records';
import type { TraceEvent } from './trace';

export class BatchDecoder {
  private readonly decoders = new Map<WorkerId, RecordDecoder>();

  decode(parts: readonly BatchPart[]): TraceEvent[] {
    const events: TraceEvent[] = [];
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
      const decoder = this.decoderFor(part.block.worker);
      const cursor = new RecordBlockCursor(part.block.bytes);
      // A chunk's end expands into tasks that ran before it: the sort below puts them in place.
      while (cursor.next()) decoder.decode(cursor, add);
    }
    // Array.prototype.sort is stable: events of one ring keep their order at equal times.
    if (!sorted) events.sort((a, b) => a.at - b.at);
    return events;
  }

  private decoderFor(worker: WorkerId): RecordDecoder {
    let decoder = this.decoders.get(worker);
    if (!decoder) this.decoders.set(worker, (decoder = new RecordDecoder(worker)));
    return decoder;
  }
}
