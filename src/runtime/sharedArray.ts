/**
 * Python's multiprocessing.Array: a fixed-length typed array in shared memory, with a lock (an
 * RLock by default) that `getLock()` returns. Items read and write as in Python, `arr[i]`
 * (negative indexes count from the end); `getObj()` is the typed array itself.
 *
 * Slot words (ArraySlot in arenaLayout.ts):
 *   0 length
 *   1 typecode    the typecode's char code.
 * The items live in the array's own SharedArrayBuffer, carried in the reference (shared by
 * structured clone, never copied); the lock is a primitive of its own (named `<array>.lock`).
 *
 * Exported as both `Array` (Python's name) and `SharedArray` (which does not shadow JavaScript's).
 */
import { ArraySlot } from './arenaLayout';
import type { Lock } from './lock';
import { registerAttacher, SharedPrimitive, type PrimitiveOptions, type PrimitiveRef } from './primitive';
import type { RLock } from './rlock';
import { IndexError } from './commErrors';
import { attachLock, cellsOf, itemBytes, makeLock, noLock, readCell, typeInfo, writeCell, type LockOption, type Typecode } from './sharedState';

export interface ArrayOptions extends PrimitiveOptions {
  /** true (default): a new RLock; false: a raw array with no lock; or the Lock/RLock to use. */
  readonly lock?: LockOption;
}

type ArrayRef = PrimitiveRef & { readonly typecode: Typecode; readonly buffer: SharedArrayBuffer; readonly lock?: PrimitiveRef };

const INDEX = /^-?(?:0|[1-9]\d*)$/;

/** `arr[i]` reads and writes go to the shared items; everything else is the object itself. */
const indexing: ProxyHandler<SharedArray<number | string>> = {
  get(target, key, receiver) {
    if (typeof key === 'string' && INDEX.test(key)) return target.get(Number(key));
    return Reflect.get(target, key, receiver);
  },
  set(target, key, value, receiver) {
    if (typeof key === 'string' && INDEX.test(key)) {
      target.set(Number(key), value as number | string);
      return true;
    }
    return Reflect.set(target, key, value, receiver);
  },
  has(target, key) {
    if (typeof key === 'string' && INDEX.test(key)) return Number(key) >= 0 && Number(key) < target.length;
    return Reflect.has(target, key);
  },
};

export class SharedArray<T extends number | string = number> extends SharedPrimitive implements Iterable<T> {
  [index: number]: T;
  readonly typecode: Typecode;
  readonly length: number;
  private readonly buffer: SharedArrayBuffer;
  private readonly cells: ReturnType<typeof cellsOf>;
  private readonly guard: Lock | RLock | undefined;

  /** `sizeOrInit`: a length (items start at zero), or the initial items (a string for 'c'/'u'). */
  constructor(typecode: Typecode, sizeOrInit: number | Iterable<NoInfer<T>>, options?: ArrayOptions, attach?: ArrayRef) {
    typeInfo(typecode);
    const initial = typeof sizeOrInit === 'number' ? undefined : [...sizeOrInit];
    const length = attach ? attach.buffer.byteLength / itemBytes(typecode) : (initial?.length ?? (sizeOrInit as number));
    if (!Number.isInteger(length) || length < 0) throw new TypeError(`Array size must be a non-negative integer (got ${String(sizeOrInit)})`);
    super('array', 'Array', options, attach);
    this.typecode = typecode;
    this.length = length;
    this.buffer = attach ? attach.buffer : new SharedArrayBuffer(length * itemBytes(typecode));
    this.cells = cellsOf(typecode, this.buffer, 0, length);
    if (attach) {
      this.guard = attachLock(attach.lock);
    } else {
      Atomics.store(this.ctx.arena, this.base + ArraySlot.length, length);
      Atomics.store(this.ctx.arena, this.base + ArraySlot.typecode, typecode.charCodeAt(0));
      initial?.forEach((item, index) => writeCell(typecode, this.cells, index, item));
      this.guard = makeLock(options?.lock, this.name);
    }
    return new Proxy(this, indexing as ProxyHandler<this>);
  }

  get kind(): 'array' {
    return 'array';
  }

  /** `arr[index]`; negative indexes count from the end, as in Python. */
  get(index: number): T {
    return readCell(this.typecode, this.cells, this.position(index)) as T;
  }

  set(index: number, value: T): void {
    writeCell(this.typecode, this.cells, this.position(index), value);
  }

  /** Python's `arr[start:end]`, as a plain array (a copy). */
  slice(start?: number, end?: number): T[] {
    return this.toArray().slice(start, end);
  }

  /** Python's `arr[:]`. */
  toArray(): T[] {
    const items: T[] = [];
    for (let index = 0; index < this.length; index++) items.push(readCell(this.typecode, this.cells, index) as T);
    return items;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let index = 0; index < this.length; index++) yield readCell(this.typecode, this.cells, index) as T;
  }

  /** For 'c' and 'u' arrays, Python's `.value`: the characters up to the first NUL. */
  get value(): string {
    if (typeInfo(this.typecode).kind !== 'char') throw new TypeError(`only 'c' and 'u' arrays have a .value (this one is '${this.typecode}')`);
    const text = this.toArray().join('');
    const end = text.indexOf('\0');
    return end < 0 ? text : text.slice(0, end);
  }

  /** Python's `get_lock()`: the lock guarding this array. */
  getLock(): Lock | RLock {
    if (!this.guard) throw noLock('Array', this.name, 'getLock');
    return this.guard;
  }

  /** Python's `get_obj()`: the shared items as a typed array (Int32Array for 'i', …): no lock, no copy. */
  getObj(): ReturnType<typeof cellsOf> {
    return this.cells;
  }

  acquire(block = true, timeoutMs?: number | null): boolean {
    return this.getLock().acquire(block, timeoutMs);
  }

  release(): void {
    this.getLock().release();
  }

  /** Python's `with arr:` (or `with arr.get_lock():`). */
  withLock<R>(body: () => R): R {
    return this.getLock().withLock(body);
  }

  hold(): Disposable {
    return this.getLock().hold();
  }

  override toReference(): ArrayRef {
    return { ...super.toReference(), typecode: this.typecode, buffer: this.buffer, ...(this.guard ? { lock: this.guard.toReference() } : {}) };
  }

  override toString(): string {
    return `<SynchronizedArray wrapper for ${typeInfo(this.typecode).ctype}[${this.length}] ${JSON.stringify(this.toArray())}>`;
  }

  private position(index: number): number {
    const position = index < 0 ? index + this.length : index;
    if (!Number.isInteger(position) || position < 0 || position >= this.length) throw new IndexError(`invalid index ${index} (Array '${this.name}' has ${this.length} items)`);
    return position;
  }
}

/** Python's `RawArray(typecode, sizeOrInit)`: an Array without a lock. */
export function RawArray<T extends number | string = number>(typecode: Typecode, sizeOrInit: number | Iterable<T>, options?: PrimitiveOptions): SharedArray<T> {
  return new SharedArray<T>(typecode, sizeOrInit, { ...options, lock: false });
}

registerAttacher('array', (ref) => new SharedArray((ref as ArrayRef).typecode, 0, undefined, ref as ArrayRef));
