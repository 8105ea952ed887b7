/**
 * The storage behind a Manager's list, dict and Namespace: the whole value, structured-cloned
 * into the object's own growable SharedArrayBuffer, guarded by a futex mutex in its header.
 *
 * Why shared memory and not a manager thread (Python's design is a server process): every
 * worker already maps the buffer, so an operation is lock + decode + (encode) + unlock in the
 * caller's own thread, with no round trip (a message round trip costs ~56 µs here, a wake
 * 6–44 µs) and no extra worker to start, trace or keep alive. What Python users see stays the
 * same: each operation is atomic, and reads return copies (mutating a list got from a proxy
 * does not change the shared one, exactly as with Python's proxies).
 *
 * Buffer header (Int32 words): 0 mutex (0 free, 1 held, 2 held with waiters), 1 encoded bytes.
 * The encoded value follows at HEADER_BYTES. Up to MAX_BYTES; a bigger value raises ValueError.
 */
import { ValueError } from './errors';
import { decodeItem, encodeItem } from './itemCodec';

const HEADER_BYTES = 16;
const INITIAL_BYTES = 4096;
export const MAX_VALUE_BYTES = 64 * 1024 * 1024;
const SPINS = 64;

export class ManagedStore {
  private readonly header: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer, private readonly what: string) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.bytes = new Uint8Array(buffer, HEADER_BYTES);
  }

  static create(initial: unknown, what: string): ManagedStore {
    const buffer = new SharedArrayBuffer(HEADER_BYTES + INITIAL_BYTES, { maxByteLength: HEADER_BYTES + MAX_VALUE_BYTES });
    const store = new ManagedStore(buffer, what);
    store.write(encodeItem(initial, `the initial value of ${what}`));
    return store;
  }

  /** A fresh copy of the whole value. */
  read<T>(): T {
    this.lock();
    let copy: Uint8Array;
    try {
      copy = this.bytes.slice(0, this.header[1]!);
    } finally {
      this.unlock();
    }
    return decodeItem(copy, what(this.what)) as T;
  }

  /**
   * Runs `change` on a fresh copy under the lock and stores the result when `change` returns
   * `true` in `changed`. An error in `change` or in cloning leaves the value as it was.
   */
  update<T, R>(change: (value: T) => { readonly result: R; readonly changed: boolean }): R {
    this.lock();
    try {
      const value = decodeItem(this.bytes.slice(0, this.header[1]!), what(this.what)) as T;
      const { result, changed } = change(value);
      if (changed) this.write(encodeItem(value, `a value stored in ${this.what}`));
      return result;
    } finally {
      this.unlock();
    }
  }

  private write(encoded: Uint8Array): void {
    if (encoded.length > MAX_VALUE_BYTES) {
      throw new ValueError(`${this.what} would hold ${encoded.length} bytes once cloned; a manager object holds at most ${MAX_VALUE_BYTES}.`);
    }
    if (HEADER_BYTES + encoded.length > this.buffer.byteLength) {
      this.buffer.grow(Math.min(HEADER_BYTES + MAX_VALUE_BYTES, Math.max(this.buffer.byteLength * 2, HEADER_BYTES + encoded.length)));
    }
    this.bytes.set(encoded, 0);
    this.header[1] = encoded.length;
  }

  private lock(): void {
    const h = this.header;
    if (Atomics.compareExchange(h, 0, 0, 1) === 0) return;
    for (let i = 0; i < SPINS; i++) {
      if (Atomics.load(h, 0) === 0 && Atomics.compareExchange(h, 0, 0, 1) === 0) return;
    }
    while (Atomics.exchange(h, 0, 2) !== 0) Atomics.wait(h, 0, 2);
  }

  private unlock(): void {
    // Safe: only the holder turns 1/2 into 0; a 2 means a worker may be parked and needs a wake.
    if (Atomics.sub(this.header, 0, 1) !== 1) {
      Atomics.store(this.header, 0, 0);
      Atomics.notify(this.header, 0, 1);
    }
  }
}

function what(name: string): string {
  return `a value read from ${name}`;
}
