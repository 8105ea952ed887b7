/**
 * The per-worker trace ring: a single-producer single-consumer byte ring in a
 * SharedArrayBuffer. The worker writes records; the host drains them. Records never block
 * the writer: when the ring is full the record is dropped and counted, never lost silently.
 *
 * Layout (all offsets in bytes):
 *   0  int32 write cursor, in 8-byte units, published by the writer after each record
 *   4  int32 read cursor, in 8-byte units, published by the reader after each drain
 *   8  int32 records dropped because the ring was full
 *  12  int32 records written (attempted minus dropped), for the exact accounting
 *  16  data: capacity units of 8 bytes; capacity is a power of two
 * Cursors count units forever and wrap at 2^32; positions are cursor & (capacity - 1),
 * which stays consistent across the wrap because the capacity divides 2^32.
 *
 * A record is a header of four units followed by an optional UTF-8 string padded to 8:
 *   unit 0: int32 (type | lengthInUnits << 8), int32 primitive (-1 when none)
 *   unit 1: float64 time, ms since run start
 *   unit 2: int32 a, int32 b
 *   unit 3: int32 c, int32 string byte length
 * A record with more fields than a..c carries two more units (and then no string):
 *   unit 4: float64 began, a second time
 *   unit 5: int32 d, int32 e
 * A PAD record (type 0) fills the tail when a record would straddle the end. A type with
 * TIME_IS_LOWER_BOUND set carries a lower bound for its time, which the reader settles. A type
 * with COUNT_MAY_GROW set is a record whose `c` the writer may raise after publishing it, for
 * as long as it is the writer's last record; its string-length word is then the reader's seal
 * (see TraceRingWriter.extendLast) and the copy the reader takes says 0 there.
 */

import { COUNT_MAY_GROW, EXTENDED_UNITS, RECORD_HEADER_UNITS, RecordBlockCursor, TIME_IS_LOWER_BOUND } from './recordBlock';

export { RECORD_HEADER_UNITS };
export const RING_HEADER_BYTES = 16;
export const MAX_STRING_BYTES = 16 * 1024;
const UNIT = 8;
const WRITE = 0;
const READ = 1;
const DROPPED = 2;
const WRITTEN = 3;
const PAD = 0;
/** Where `c` is in a record, in int32 words from the record's first, and the seal of a growable one. */
const C_WORD = 6;
const SEAL_WORD = 7;
/** In a growable record's seal: not taken; being taken; taken with the count SEAL_TAKEN below it. */
const UNSEALED = 0;
const SEALING = 1;
const SEAL_TAKEN = 2;

export function createRingBuffer(capacityBytes: number): SharedArrayBuffer {
  const units = 2 ** Math.ceil(Math.log2(Math.max(capacityBytes, 4096) / UNIT));
  return new SharedArrayBuffer(RING_HEADER_BYTES + units * UNIT);
}

function capacityUnits(buffer: SharedArrayBuffer): number {
  return (buffer.byteLength - RING_HEADER_BYTES) / UNIT;
}

export interface RawRecord {
  type: number;
  primitive: number;
  time: number;
  a: number;
  b: number;
  c: number;
  text: string | undefined;
  /** The extended fields (0 for a record without them). */
  began: number;
  d: number;
  e: number;
}

/** Texts up to this many characters are checked for ASCII and copied without the encoder. */
const SHORT_TEXT = 256;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

export class TraceRingWriter {
  private readonly header: Int32Array;
  private readonly words: Int32Array;
  private readonly floats: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly mask: number;
  private readonly capacity: number;
  private readonly encoder = new TextEncoder();
  private readonly scratch = new Uint8Array(MAX_STRING_BYTES);
  private cursor: number;
  private written: number;
  private dropped: number;
  /** The reader's cursor as last loaded: at or behind the real one. */
  private knownRead: number;
  /** The word index of the last record's count while it may grow (-1: it may not). */
  private growable = -1;
  private grownCount = 0;
  /** What the growing record says, to write what a reader's seal missed as a record of its own. */
  private readonly grown = { type: 0, primitive: 0, time: 0, a: 0, aPair: 0, b: 0 };

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 4);
    this.words = new Int32Array(buffer, RING_HEADER_BYTES);
    this.floats = new Float64Array(buffer, RING_HEADER_BYTES);
    this.bytes = new Uint8Array(buffer, RING_HEADER_BYTES);
    this.capacity = capacityUnits(buffer);
    this.mask = this.capacity - 1;
    // Only this thread writes the cursor and the count, so a plain load at start is enough.
    this.cursor = Atomics.load(this.header, WRITE) >>> 0;
    this.written = Atomics.load(this.header, WRITTEN);
    this.dropped = Atomics.load(this.header, DROPPED);
    this.knownRead = Atomics.load(this.header, READ) >>> 0;
  }

  /**
   * Like write, but when the ring is full waits up to `maxWaitMs` for the reader to make room
   * before dropping: for records that carry the program's own output, which must not be lost
   * to a burst of trace records. The wait is bounded, so the program never blocks for long.
   */
  writeWaiting(maxWaitMs: number, type: number, primitive: number, time: number, a: number, b: number, c: number, text?: string): boolean {
    // The clock is read only once the ring is found full: this runs before every untimed
    // wait, and a clock read costs as much as the record.
    if (!this.hasRoom(text)) {
      const deadline = performance.now() + maxWaitMs;
      do Atomics.wait(this.pause, 0, 0, 0.5);
      while (!this.hasRoom(text) && performance.now() < deadline);
    }
    return this.write(type, primitive, time, a, b, c, text);
  }

  private readonly pause = new Int32Array(new SharedArrayBuffer(4));

  private hasRoom(text: string | undefined): boolean {
    // Worst case: every character takes 3 UTF-8 bytes, and a padding record at the end.
    const units = RECORD_HEADER_UNITS + Math.ceil(Math.min((text?.length ?? 0) * 3, MAX_STRING_BYTES) / UNIT);
    if (this.capacity - ((this.cursor - this.knownRead) >>> 0) >= units * 2) return true;
    this.knownRead = Atomics.load(this.header, READ) >>> 0;
    return this.capacity - ((this.cursor - this.knownRead) >>> 0) >= units * 2;
  }

  /** Returns false (and counts a drop) when the ring has no room. `text` is cut at MAX_STRING_BYTES. */
  write(type: number, primitive: number, time: number, a: number, b: number, c: number, text?: string): boolean {
    let textBytes = 0;
    // A short ASCII text (a task's "fn\n(args)", a call site) is copied straight into the ring:
    // the encoder, its scratch copy and a subarray cost more than the rest of the record.
    const ascii = text !== undefined && text.length <= SHORT_TEXT && isAscii(text);
    if (ascii) textBytes = text.length;
    else if (text !== undefined && text.length > 0) textBytes = this.encoder.encodeInto(text, this.scratch).written;
    const units = RECORD_HEADER_UNITS + Math.ceil(textBytes / UNIT);
    const position = this.reserve(units);
    if (position < 0) return false;
    this.putHeader(position, type, units, primitive, time, a, b, c, textBytes);
    const textAt = (position + RECORD_HEADER_UNITS) * UNIT;
    if (ascii) {
      const bytes = this.bytes;
      for (let i = 0; i < textBytes; i++) bytes[textAt + i] = text.charCodeAt(i);
    } else if (textBytes > 0) this.bytes.set(this.scratch.subarray(0, textBytes), textAt);
    this.publish(units);
    return true;
  }

  /** A record with the extended fields (see the layout above); same rules as `write`. */
  writeExtended(type: number, primitive: number, time: number, a: number, b: number, c: number, began: number, d: number, e: number): boolean {
    const units = RECORD_HEADER_UNITS + EXTENDED_UNITS;
    const position = this.reserve(units);
    if (position < 0) return false;
    this.putHeader(position, type, units, primitive, time, a, b, c, 0);
    this.floats[position + RECORD_HEADER_UNITS] = began;
    const w = (position + RECORD_HEADER_UNITS + 1) * 2;
    this.words[w] = d;
    this.words[w + 1] = e;
    this.publish(units);
    return true;
  }

  /**
   * A record with `c` = 1 that `extendLast` may count up while nothing else is written: for
   * ops a loop repeats, which then cost one record for the whole run instead of one each. The
   * record stands for `c` values alternating `a`, `aPair`, `a`… from its own `a`, with `b`
   * counting up by one from its own.
   */
  writeGrowable(type: number, primitive: number, time: number, a: number, aPair: number, b: number): boolean {
    return this.startGrowable(type, primitive, time, a, aPair, b, 1);
  }

  private startGrowable(type: number, primitive: number, time: number, a: number, aPair: number, b: number, count: number): boolean {
    const position = this.reserve(RECORD_HEADER_UNITS);
    if (position < 0) return false;
    this.putHeader(position, type | COUNT_MAY_GROW, RECORD_HEADER_UNITS, primitive, time, a, b, count, 0);
    this.publish(RECORD_HEADER_UNITS);
    this.growable = position * 2 + C_WORD;
    const grown = this.grown;
    grown.type = type;
    grown.primitive = primitive;
    grown.time = time;
    grown.a = a;
    grown.aPair = aPair;
    grown.b = b;
    this.grownCount = count;
    return true;
  }

  /**
   * Adds one to the count of the record writeGrowable wrote last; false when it cannot (another
   * record came after it, or its count reached `max`), and the caller writes a new record.
   *
   * A plain load and store, no fence: an atomic one per op cost more than the rest of a traced
   * Lock acquire. So a reader that seals the record (it sets the seal, then reads the count)
   * may miss the last count or two, still in this CPU's store buffer; the seal says how many it
   * took, and the writer puts what it missed in a record of its own the next time it looks at
   * the seal: at its next op, before any other record, and at the thread's exit (`endGrowth`).
   * Only a thread ended by terminate() in the nanoseconds between a seal and its next op loses
   * what that seal missed (no exit code runs there); it never hangs or misorders anything.
   */
  extendLast(max: number): boolean {
    const index = this.growable;
    if (index < 0) return false;
    if (this.words[index + 1] !== UNSEALED || this.grownCount >= max) {
      // Taken (what it missed is written now, and that record grows next) or full.
      this.endGrowth();
      if (this.growable < 0 || this.grownCount >= max) return false;
    }
    this.words[this.growable] = ++this.grownCount;
    return true;
  }

  /**
   * Stops growing the last record: any record written next comes after it. A fence first (an
   * atomic add of 0 to the seal) so that a reader sealing it from here on sees every count;
   * then, if a reader already took it, what it missed is written as a growable record of its own.
   */
  endGrowth(): void {
    const index = this.growable;
    if (index < 0) return;
    this.growable = -1;
    let seal = Atomics.add(this.words, index + 1, 0);
    while (seal === SEALING) seal = Atomics.load(this.words, index + 1);
    if (seal === UNSEALED) return;
    const grown = this.grown;
    const taken = seal - SEAL_TAKEN;
    const missed = this.grownCount - taken;
    if (missed <= 0) return;
    const even = taken % 2 === 0;
    this.startGrowable(grown.type, grown.primitive, grown.time, even ? grown.a : grown.aPair, even ? grown.aPair : grown.a, grown.b + taken, missed);
  }

  /** Room for `units` at the write position (after padding the tail if needed), or -1 and a counted drop. */
  private reserve(units: number): number {
    // Whatever is written next, the last record is no longer the last.
    if (this.growable >= 0) this.endGrowth();
    let position = this.cursor & this.mask;
    const tail = this.capacity - position;
    const padding = units > tail ? tail : 0;
    if (this.capacity - ((this.cursor - this.knownRead) >>> 0) < units + padding) {
      // The reader publishes its cursor with Atomics.store; loading it orders our view. Only
      // loaded when the last one we saw leaves too little room: the load costs about as much
      // as the rest of a record, and a stale cursor only ever underestimates the room.
      this.knownRead = Atomics.load(this.header, READ) >>> 0;
      if (this.capacity - ((this.cursor - this.knownRead) >>> 0) < units + padding) {
        // Only this thread writes the count: a plain store, as for WRITTEN. A flood that
        // outruns the reader drops most of its records, so this path is as hot as a write.
        this.header[DROPPED] = ++this.dropped;
        return -1;
      }
    }
    if (padding > 0) {
      this.words[position * 2] = PAD | (padding << 8);
      this.cursor = (this.cursor + padding) >>> 0;
      position = 0;
    }
    return position;
  }

  private putHeader(position: number, type: number, units: number, primitive: number, time: number, a: number, b: number, c: number, textBytes: number): void {
    const w = position * 2;
    this.words[w] = type | (units << 8);
    this.words[w + 1] = primitive;
    this.floats[position + 1] = time;
    this.words[w + 4] = a;
    this.words[w + 5] = b;
    this.words[w + 6] = c;
    this.words[w + 7] = textBytes;
  }

  private publish(units: number): void {
    this.cursor = (this.cursor + units) >>> 0;
    // Only this thread writes the count: a plain store, published with the cursor below,
    // instead of an atomic add per record.
    this.header[WRITTEN] = ++this.written;
    // Publishing the cursor with a seq-cst store makes every byte above visible to the reader.
    Atomics.store(this.header, WRITE, this.cursor | 0);
  }
}

export class TraceRingReader {
  private readonly header: Int32Array;
  private readonly words: Int32Array;
  private readonly floats: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly mask: number;
  private cursor: number;
  /** How far records' lower-bound times are settled: at or ahead of `cursor`. */
  private settled: number;
  /** When the last take loaded the writer's cursor (as its caller said): no record beyond that cursor is older. */
  private loadedAt = 0;
  private reportedDropped = 0;
  /** Times a damaged record made the reader skip ahead (never expected; surfaced as drops). */
  corrupt = 0;

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 4);
    this.words = new Int32Array(buffer, RING_HEADER_BYTES);
    this.floats = new Float64Array(buffer, RING_HEADER_BYTES);
    this.bytes = new Uint8Array(buffer, RING_HEADER_BYTES);
    this.mask = capacityUnits(buffer) - 1;
    this.cursor = Atomics.load(this.header, READ) >>> 0;
    this.settled = this.cursor;
  }

  /** Calls `onRecord` for every published record, then frees their space. Returns how many. */
  drain(onRecord: (record: RawRecord) => void): number {
    const taken = this.take();
    if (!taken) return 0;
    const cursor = new RecordBlockCursor(taken.bytes);
    const record: RawRecord = { type: 0, primitive: 0, time: 0, a: 0, b: 0, c: 0, text: undefined, began: 0, d: 0, e: 0 };
    while (cursor.next()) {
      record.type = cursor.type;
      record.primitive = cursor.primitive;
      record.time = cursor.time;
      record.a = cursor.a;
      record.b = cursor.b;
      record.c = cursor.c;
      record.text = cursor.text;
      record.began = cursor.began;
      record.d = cursor.d;
      record.e = cursor.e;
      onRecord(record);
    }
    return taken.count;
  }

  /**
   * Copies the published records out, in the ring's layout, and frees their space: one copy
   * per drain instead of one object per record. Stops after the record that reaches
   * `maxBytes`. Undefined when nothing new was written. `now`: the time on the writers' clock,
   * read before the call; it bounds from below the time of every record the next call sees.
   */
  take(maxBytes = Number.POSITIVE_INFINITY, now?: number): { readonly bytes: Uint8Array; readonly count: number } | undefined {
    let end = Atomics.load(this.header, WRITE) >>> 0;
    this.settle(end);
    if (now !== undefined) this.loadedAt = now;
    const start = this.cursor;
    let count = 0;
    /** The last record's cursor, when the walk reached the writer's: the only one that may still grow. */
    let last = -1;
    // Only the headers are read here; the records themselves are copied in one or two pieces.
    while (this.cursor !== end) {
      // A bounded piece (the rest stays for the next call): large rings make large messages.
      if (((this.cursor - start) >>> 0) * UNIT >= maxBytes) {
        end = this.cursor;
        last = -1;
        break;
      }
      const position = this.cursor & this.mask;
      const head = this.words[position * 2]!;
      const units = head >>> 8;
      const type = head & 0xff;
      // Only Threadline's writer touches the ring, but a damaged length must never hang the
      // host: stop at it, count everything unread as lost, and skip to the writer's cursor.
      if (units < 1 || units > this.mask + 1 - position || (type !== PAD && units < RECORD_HEADER_UNITS)) {
        this.corrupt++;
        last = -1;
        break;
      }
      if (type !== PAD) {
        count++;
        last = this.cursor;
      }
      this.cursor = (this.cursor + units) >>> 0;
    }
    const sealedCount = last >= 0 ? this.seal(last & this.mask) : -1;
    const good = (this.cursor - start) >>> 0;
    let bytes: Uint8Array | undefined;
    if (good > 0) {
      bytes = new Uint8Array(good * UNIT);
      const from = start & this.mask;
      const firstUnits = Math.min(good, this.mask + 1 - from);
      bytes.set(this.bytes.subarray(from * UNIT, (from + firstUnits) * UNIT), 0);
      if (firstUnits < good) bytes.set(this.bytes.subarray(0, (good - firstUnits) * UNIT), firstUnits * UNIT);
      // The copy carries the count the seal took, and no seal (the word is a string length).
      if (sealedCount >= 0) {
        const view = new DataView(bytes.buffer);
        const at = ((last - start) >>> 0) * UNIT;
        view.setInt32(at + C_WORD * 4, sealedCount, true);
        view.setInt32(at + SEAL_WORD * 4, 0, true);
      }
    }
    // Freed only once copied: the writer may reuse the space as soon as it sees the cursor.
    this.cursor = end;
    Atomics.store(this.header, READ, this.cursor | 0);
    return bytes ? { bytes, count } : undefined;
  }

  /**
   * Seals a growable record at `position` and returns the count it takes; -1 for a record of
   * another kind. The seal is set before the count is read, so the writer learns from it how
   * many it took (see TraceRingWriter.extendLast). Earlier records need no seal: the writer
   * ends a record's growth before it writes the next one.
   */
  private seal(position: number): number {
    if ((this.words[position * 2]! & COUNT_MAY_GROW) === 0) return -1;
    const sealIndex = position * 2 + SEAL_WORD;
    Atomics.store(this.words, sealIndex, SEALING);
    const count = Atomics.load(this.words, position * 2 + C_WORD);
    Atomics.store(this.words, sealIndex, SEAL_TAKEN + count);
    return count;
  }

  /**
   * Gives every record published since the last load whose time is only a lower bound the
   * later of that bound and the last load's time (it was published after that load, so it
   * happened at most one drain interval earlier than it now says), and clears its flag. Its
   * order among the worker's records is exact either way. The space is the reader's until it
   * publishes its cursor, so the record is settled in place.
   */
  private settle(end: number): void {
    const bound = this.loadedAt;
    while (this.settled !== end) {
      const position = this.settled & this.mask;
      const head = this.words[position * 2]!;
      const units = head >>> 8;
      // A damaged length: take() stops at it and counts what it skips.
      if (units < 1 || units > this.mask + 1 - position) {
        this.settled = end;
        return;
      }
      if ((head & TIME_IS_LOWER_BOUND) !== 0) {
        this.words[position * 2] = head & ~TIME_IS_LOWER_BOUND;
        if (this.floats[position + 1]! < bound) this.floats[position + 1] = bound;
      }
      this.settled = (this.settled + units) >>> 0;
    }
  }

  /** Drops counted since the last call. */
  takeDropped(): number {
    const total = Atomics.load(this.header, DROPPED);
    const fresh = total - this.reportedDropped;
    this.reportedDropped = total;
    return fresh;
  }

  droppedTotal(): number {
    return Atomics.load(this.header, DROPPED);
  }

  writtenTotal(): number {
    return Atomics.load(this.header, WRITTEN);
  }
}
