/**
 * A ring of variable-length byte messages in a SharedArrayBuffer, for Pool tasks and results.
 * Rings with several producers (or consumers) serialise that side with a small futex mutex;
 * the other side needs none. A message is an int32 length and the bytes, padded to 4; a length
 * of -1 is padding that sends the reader back to the start.
 */
import { performance } from 'node:perf_hooks';
import { notifyParked } from './blocking';
import { RING_HEADER_BYTES, RingWord } from './poolLayout';

const PAD = -1;

export class MessageRing {
  readonly header: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly capacity: number;
  private readonly mask: number;

  constructor(
    readonly buffer: SharedArrayBuffer,
    private readonly shared: { readonly producers: boolean; readonly consumers: boolean },
  ) {
    this.header = new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
    this.bytes = new Uint8Array(buffer, RING_HEADER_BYTES);
    this.view = new DataView(buffer, RING_HEADER_BYTES);
    this.capacity = buffer.byteLength - RING_HEADER_BYTES;
    this.mask = this.capacity - 1;
  }

  /** `capacityBytes` is rounded up to a power of two. */
  static create(capacityBytes: number): SharedArrayBuffer {
    return new SharedArrayBuffer(RING_HEADER_BYTES + 2 ** Math.ceil(Math.log2(Math.max(capacityBytes, 1024))));
  }

  /** The largest message that can ever fit. */
  get maxMessageBytes(): number {
    return this.capacity / 2 - 8;
  }

  /** Appends one message; false when there is no room now. */
  tryWrite(payload: Uint8Array): boolean {
    const size = 4 + ((payload.length + 3) & ~3);
    if (payload.length > this.maxMessageBytes) throw new RangeError(`message of ${payload.length} bytes exceeds the ring's ${this.maxMessageBytes}`);
    if (this.shared.producers) lock(this.header, RingWord.producerLock);
    try {
      let write = Atomics.load(this.header, RingWord.write) >>> 0;
      const read = Atomics.load(this.header, RingWord.read) >>> 0;
      let pos = write & this.mask;
      const tail = this.capacity - pos;
      const needed = size <= tail ? size : tail + size;
      if (((write - read) >>> 0) + needed > this.capacity) return false;
      if (size > tail) {
        // tail >= 4: positions and the capacity are multiples of 4.
        this.view.setInt32(pos, PAD, true);
        write = (write + tail) >>> 0;
        pos = 0;
      }
      this.view.setInt32(pos, payload.length, true);
      this.bytes.set(payload, pos + 4);
      // Publishing the cursor (a sequentially consistent store) makes the bytes above visible
      // to any reader that loads the cursor afterwards.
      Atomics.store(this.header, RingWord.write, (write + size) | 0);
      return true;
    } finally {
      if (this.shared.producers) unlock(this.header, RingWord.producerLock);
    }
  }

  /** Takes the oldest message (a copy), or undefined when the ring is empty. */
  tryRead(): Uint8Array | undefined {
    if (this.shared.consumers) {
      // Cheap check first: idle consumers poll without taking the lock.
      if (Atomics.load(this.header, RingWord.read) === Atomics.load(this.header, RingWord.write)) return undefined;
      lock(this.header, RingWord.consumerLock);
    }
    try {
      let read = Atomics.load(this.header, RingWord.read) >>> 0;
      const write = Atomics.load(this.header, RingWord.write) >>> 0;
      if (read === write) return undefined;
      let pos = read & this.mask;
      let length = this.view.getInt32(pos, true);
      if (length === PAD) {
        read = (read + this.capacity - pos) >>> 0;
        pos = 0;
        length = this.view.getInt32(0, true);
      }
      const message = this.bytes.slice(pos + 4, pos + 4 + length);
      Atomics.store(this.header, RingWord.read, (read + 4 + ((length + 3) & ~3)) | 0);
      if (Atomics.load(this.header, RingWord.spaceWaiters) > 0) Atomics.notify(this.header, RingWord.read);
      return message;
    } finally {
      if (this.shared.consumers) unlock(this.header, RingWord.consumerLock);
    }
  }

  isEmpty(): boolean {
    return Atomics.load(this.header, RingWord.read) === Atomics.load(this.header, RingWord.write);
  }

  hasIdleConsumers(): boolean {
    return Atomics.load(this.header, RingWord.idleConsumers) > 0;
  }

  /**
   * Consumer side, for one idle spell: `enterIdle` returns the bell to park on; check the ring
   * (and closed) after it, then `park(bell)` until a producer rings; `leaveIdle` at the end.
   */
  enterIdle(): number {
    Atomics.add(this.header, RingWord.idleConsumers, 1);
    return Atomics.load(this.header, RingWord.bell);
  }

  park(observedBell: number): void {
    Atomics.wait(this.header, RingWord.bell, observedBell);
  }

  leaveIdle(): void {
    Atomics.sub(this.header, RingWord.idleConsumers, 1);
  }

  /**
   * Wakes up to `count` idle consumers (after writes), less the one spinning on the ring: it
   * takes a message without a wake. The spinner's word is read after the writes, and the
   * spinner looks at the ring again after giving the role up (see takeAsSpinner), so a
   * message written while it leaves is never left without a consumer.
   */
  wakeConsumers(count: number): void {
    if (Atomics.load(this.header, RingWord.idleConsumers) > 0) {
      const parked = count - Atomics.load(this.header, RingWord.spinner);
      if (parked <= 0) return;
      Atomics.add(this.header, RingWord.bell, 1);
      notifyParked(this.header, RingWord.bell, parked);
    }
  }

  /**
   * Consumer side, before parking: unless another consumer already spins, spin on the ring
   * for up to `budgetMs` and return the message that came (undefined if none did). A message
   * the producer left to the spinner but which it did not take is handed on: after leaving
   * the role, the spinner wakes a parked consumer for what is left.
   */
  takeAsSpinner(budgetMs: number): Uint8Array | undefined {
    if (budgetMs <= 0 || Atomics.compareExchange(this.header, RingWord.spinner, 0, 1) !== 0) return undefined;
    let message: Uint8Array | undefined;
    const until = performance.now() + budgetMs;
    for (let i = 1; ; i++) {
      message = this.tryRead();
      if (message || this.isClosed()) break;
      if ((i & 63) === 0 && performance.now() >= until) break;
    }
    Atomics.store(this.header, RingWord.spinner, 0);
    // Read after the store above: a producer that still saw the role held wrote before it.
    if (message && !this.isEmpty()) this.wakeConsumers(1);
    return message;
  }

  /** No more messages will be written: idle consumers wake, find it empty and closed, and leave. */
  close(): void {
    Atomics.store(this.header, RingWord.closed, 1);
    Atomics.add(this.header, RingWord.bell, 1);
    Atomics.notify(this.header, RingWord.bell);
  }

  isClosed(): boolean {
    return Atomics.load(this.header, RingWord.closed) === 1;
  }

  /**
   * Appends one message, parking while the ring is full. `onFull` runs before each park (the
   * pool worker rings the owner's doorbell so that it drains results).
   */
  writeBlocking(payload: Uint8Array, onFull: () => void): void {
    for (;;) {
      // The read cursor is observed before trying: if a reader frees room after this load, the
      // wait below returns at once instead of missing the change.
      const read = Atomics.load(this.header, RingWord.read);
      if (this.tryWrite(payload)) return;
      onFull();
      Atomics.add(this.header, RingWord.spaceWaiters, 1);
      Atomics.wait(this.header, RingWord.read, read, 50);
      Atomics.sub(this.header, RingWord.spaceWaiters, 1);
    }
  }
}

const SPINS = 64;

/** Drepper's futex mutex ("Futexes are tricky", mutex 2): 0 free, 1 held, 2 held with waiters. */
function lock(words: Int32Array, index: number): void {
  if (Atomics.compareExchange(words, index, 0, 1) === 0) return;
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(words, index) === 0 && Atomics.compareExchange(words, index, 0, 1) === 0) return;
  }
  // Marking the word 2 promises the holder will notify on unlock; park while it stays held.
  while (Atomics.exchange(words, index, 2) !== 0) Atomics.wait(words, index, 2);
}

function unlock(words: Int32Array, index: number): void {
  if (Atomics.sub(words, index, 1) !== 1) {
    Atomics.store(words, index, 0);
    Atomics.notify(words, index, 1);
  }
}
