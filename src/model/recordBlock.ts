/**
 * A block of trace records copied out of a ring in the ring's own layout (see traceRing.ts):
 * what the host forwards instead of one decoded object per record, and what every reader
 * walks with one cursor, so the bytes are parsed by a single piece of code.
 */
import type { RawRecord } from './traceRing';

export const UNIT_BYTES = 8;
export const RECORD_HEADER_UNITS = 4;
/** The units an extended record carries after its header (traceRing.ts has the layout). */
export const EXTENDED_UNITS = 2;
export const PAD_RECORD = 0;
/**
 * Set in a record's type byte by a writer that read no clock for it (an uncontended acquire or
 * release, where the clock would be most of the cost): its time is then only a lower bound,
 * the writer's last clock read. The ring's reader settles it before the record leaves the
 * ring (see TraceRingReader.take) and clears the flag.
 */
export const TIME_IS_LOWER_BOUND = 0x80;
/**
 * Set in a record's type byte when its `c` is a count the writer may still raise in place (see
 * TraceRingWriter.writeGrowable): a loop's repeated ops cost one record instead of one each.
 * The reader seals the count of the last record it takes, so a block carries final counts.
 */
export const COUNT_MAY_GROW = 0x40;
const TYPE_MASK = 0x3f;

/**
 * Walks a block record by record without allocating per record: the fields are the current
 * record's, valid until the next call to `next()`. Text is decoded only when asked for.
 */
export class RecordBlockCursor implements RawRecord {
  type = 0;
  primitive = 0;
  time = 0;
  a = 0;
  b = 0;
  c = 0;
  began = 0;
  d = 0;
  e = 0;
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  private offset = 0;
  private textStart = 0;
  private textBytes = 0;

  constructor(bytes: Uint8Array) {
    // A block that crossed a process boundary may start at any byte: a DataView reads it
    // whatever its alignment, where a Float64Array view would refuse.
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Moves to the next record (padding skipped); false at the end or at a damaged header. */
  next(): boolean {
    const view = this.view;
    const length = view.byteLength;
    while (this.offset + UNIT_BYTES <= length) {
      const at = this.offset;
      const head = view.getInt32(at, true);
      const units = head >>> 8;
      const type = head & TYPE_MASK;
      const size = units * UNIT_BYTES;
      if (units < 1 || at + size > length || (type !== PAD_RECORD && units < RECORD_HEADER_UNITS)) {
        this.offset = length;
        return false;
      }
      this.offset = at + size;
      if (type === PAD_RECORD) continue;
      this.type = type;
      this.primitive = view.getInt32(at + 4, true);
      this.time = view.getFloat64(at + 8, true);
      this.a = view.getInt32(at + 16, true);
      this.b = view.getInt32(at + 20, true);
      this.c = view.getInt32(at + 24, true);
      this.textStart = at + RECORD_HEADER_UNITS * UNIT_BYTES;
      this.textBytes = Math.min(Math.max(view.getInt32(at + 28, true), 0), size - RECORD_HEADER_UNITS * UNIT_BYTES);
      // An extended record is told by its length: exactly the extra units, and no text.
      if (this.textBytes === 0 && units === RECORD_HEADER_UNITS + EXTENDED_UNITS) {
        this.began = view.getFloat64(this.textStart, true);
        this.d = view.getInt32(this.textStart + 8, true);
        this.e = view.getInt32(this.textStart + 12, true);
      } else {
        this.began = 0;
        this.d = 0;
        this.e = 0;
      }
      return true;
    }
    return false;
  }

  get text(): string | undefined {
    if (this.textBytes === 0) return undefined;
    return textDecoder.decode(this.bytes.subarray(this.textStart, this.textStart + this.textBytes));
  }
}

const textDecoder = new TextDecoder();

