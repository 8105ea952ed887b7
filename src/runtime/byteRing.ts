/**
 * The data half of a queue or a pipe end: a ring of length-prefixed records in the object's own
 * growable SharedArrayBuffer, guarded by a futex mutex in the buffer's header. The item count
 * and the words waiters park on live in the arena slot (QueueSlot, ConnectionSlot); this file
 * only moves bytes.
 *
 * Big items: the ring starts at INITIAL_BYTES and grows (SharedArrayBuffer.grow: every worker
 * sees the new length) up to MAX_BYTES of pending records. One item larger than that is refused
 * with a ValueError at put/send; when pending items fill MAX_BYTES, put waits (or raises Full)
 * exactly as on a full bounded queue.
 *
 * Buffer header (Int32 words):
 *   0 mutex      0 free, 1 held, 2 held with waiters (Drepper's futex mutex)
 *   1 head       byte offset of the oldest record in the ring
 *   2 used       bytes of pending records
 *   3 capacity   ring bytes in use for wrap-around (changes only when grown, under the mutex)
 *   4 lastTaskDoneWorker, 5 lastTaskDoneSeq   JoinableQueue: the cause a join() waiter names
 * A record: [u32 payload length][i32 writer worker][i32 writer op seq][payload], wrapping freely.
 */
const HEADER_BYTES = 64;
const RECORD_HEADER = 12;
export const INITIAL_BYTES = 16 * 1024;
export const MAX_BYTES = 16 * 1024 * 1024;
/** Largest single item, in encoded bytes. */
export const MAX_ITEM_BYTES = MAX_BYTES - RECORD_HEADER;

const W = { mutex: 0, head: 1, used: 2, capacity: 3, lastTaskDoneWorker: 4, lastTaskDoneSeq: 5 } as const;
export const RingWord = W;

const SPINS = 64;

export interface RingRecord {
  readonly payload: Uint8Array;
  readonly worker: number;
  readonly seq: number;
}

export class ByteRing {
  readonly header: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly scratch = new Uint8Array(RECORD_HEADER);
  private readonly scratchView = new DataView(this.scratch.buffer);

  constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    // No length: the view tracks the buffer as it grows.
    this.bytes = new Uint8Array(buffer, HEADER_BYTES);
  }

  static create(): ByteRing {
    const buffer = new SharedArrayBuffer(HEADER_BYTES + INITIAL_BYTES, { maxByteLength: HEADER_BYTES + MAX_BYTES });
    const ring = new ByteRing(buffer);
    ring.header[W.capacity] = INITIAL_BYTES;
    return ring;
  }

  lock(): void {
    const h = this.header;
    if (Atomics.compareExchange(h, W.mutex, 0, 1) === 0) return;
    // The holder only copies bytes: a short spin usually wins without a futex round trip.
    for (let i = 0; i < SPINS; i++) {
      if (Atomics.load(h, W.mutex) === 0 && Atomics.compareExchange(h, W.mutex, 0, 1) === 0) return;
    }
    // Mark "held with waiters" so unlock knows to notify; park while it stays so.
    while (Atomics.exchange(h, W.mutex, 2) !== 0) Atomics.wait(h, W.mutex, 2);
  }

  unlock(): void {
    // Safe: only the holder changes 1/2 → 0; a 2 means someone may be parked and needs a wake.
    if (Atomics.sub(this.header, W.mutex, 1) !== 1) {
      Atomics.store(this.header, W.mutex, 0);
      Atomics.notify(this.header, W.mutex, 1);
    }
  }

  /** Under the mutex. False when the ring cannot hold the record even grown to MAX_BYTES. */
  push(payload: Uint8Array, worker: number, seq: number): boolean {
    const h = this.header;
    const needed = RECORD_HEADER + payload.length;
    if (h[W.used]! + needed > h[W.capacity]! && !this.grow(h[W.used]! + needed)) return false;
    const capacity = h[W.capacity]!;
    let tail = (h[W.head]! + h[W.used]!) % capacity;
    this.scratchView.setUint32(0, payload.length, true);
    this.scratchView.setInt32(4, worker, true);
    this.scratchView.setInt32(8, seq, true);
    tail = this.write(tail, this.scratch, capacity);
    this.write(tail, payload, capacity);
    h[W.used] = h[W.used]! + needed;
    return true;
  }

  /** Under the mutex. The oldest record, copied out, or undefined when empty. */
  shift(): RingRecord | undefined {
    const h = this.header;
    if (h[W.used]! === 0) return undefined;
    const capacity = h[W.capacity]!;
    let head = this.read(h[W.head]!, this.scratch, capacity);
    const length = this.scratchView.getUint32(0, true);
    const payload = new Uint8Array(length);
    head = this.read(head, payload, capacity);
    h[W.head] = h[W.used]! === RECORD_HEADER + length ? 0 : head;
    h[W.used] = h[W.used]! - RECORD_HEADER - length;
    return { payload, worker: this.scratchView.getInt32(4, true), seq: this.scratchView.getInt32(8, true) };
  }

  private grow(atLeast: number): boolean {
    const h = this.header;
    const old = h[W.capacity]!;
    if (atLeast > MAX_BYTES) return false;
    const next = Math.min(MAX_BYTES, Math.max(old * 2, atLeast));
    if (HEADER_BYTES + next > this.buffer.byteLength) this.buffer.grow(HEADER_BYTES + next);
    const head = h[W.head]!;
    // Records that wrapped keep their order: move the part before the old end to the new end.
    if (h[W.used]! > 0 && head + h[W.used]! > old) {
      const moved = next - old;
      this.bytes.copyWithin(head + moved, head, old);
      h[W.head] = head + moved;
    }
    h[W.capacity] = next;
    return true;
  }

  private write(at: number, source: Uint8Array, capacity: number): number {
    const first = Math.min(source.length, capacity - at);
    this.bytes.set(source.subarray(0, first), at);
    if (first < source.length) this.bytes.set(source.subarray(first), 0);
    return (at + source.length) % capacity;
  }

  private read(at: number, target: Uint8Array, capacity: number): number {
    const first = Math.min(target.length, capacity - at);
    target.set(this.bytes.subarray(at, at + first));
    if (first < target.length) target.set(this.bytes.subarray(0, target.length - first), first);
    return (at + target.length) % capacity;
  }
}
