/**
 * Python's multiprocessing.Value: one typed item in shared memory, with a lock (an RLock by
 * default) that `getLock()` returns. As in Python, `.value` itself is not atomic: guard
 * read-modify-write with the lock (`v.withLock(() => { v.value += 1; })`).
 *
 * Slot words (ValueSlot in arenaLayout.ts):
 *   0–1 data      the item's bytes (8 at most), so the host can read the value without asking.
 *   2   typecode  the typecode's char code.
 * The lock is a primitive of its own (named `<value>.lock`), carried in the reference.
 */
import { ValueSlot } from './arenaLayout';
import type { Lock } from './lock';
import { registerAttacher, SharedPrimitive, type PrimitiveOptions, type PrimitiveRef } from './primitive';
import type { RLock } from './rlock';
import { attachLock, cellsOf, makeLock, noLock, readCell, typeInfo, writeCell, type LockOption, type Typecode } from './sharedState';

export interface ValueOptions extends PrimitiveOptions {
  /** true (default): a new RLock; false: a raw value with no lock; or the Lock/RLock to use. */
  readonly lock?: LockOption;
}

type ValueRef = PrimitiveRef & { readonly typecode: Typecode; readonly lock?: PrimitiveRef };

export class Value<T extends number | string = number> extends SharedPrimitive {
  readonly typecode: Typecode;
  private readonly guard: Lock | RLock | undefined;
  private readonly cells: ReturnType<typeof cellsOf>;

  constructor(typecode: Typecode, init?: NoInfer<T>, options?: ValueOptions, attach?: ValueRef) {
    typeInfo(typecode);
    super('value', 'Value', options, attach);
    this.typecode = typecode;
    this.cells = cellsOf(typecode, this.ctx.arena.buffer as SharedArrayBuffer, (this.base + ValueSlot.data) * 4, 1);
    if (attach) {
      this.guard = attachLock(attach.lock);
    } else {
      Atomics.store(this.ctx.arena, this.base + ValueSlot.typecode, typecode.charCodeAt(0));
      if (init !== undefined) writeCell(typecode, this.cells, 0, init);
      this.guard = makeLock(options?.lock, this.name);
    }
  }

  get kind(): 'value' {
    return 'value';
  }

  get value(): T {
    return readCell(this.typecode, this.cells, 0) as T;
  }

  set value(value: T) {
    writeCell(this.typecode, this.cells, 0, value);
  }

  /** Python's `get_lock()`: the lock guarding this value. */
  getLock(): Lock | RLock {
    if (!this.guard) throw noLock('Value', this.name, 'getLock');
    return this.guard;
  }

  /** Python's `get_obj()`: the unsynchronised value (here the same object: `.value` is never locked implicitly). */
  getObj(): this {
    return this;
  }

  acquire(block = true, timeoutMs?: number | null): boolean {
    return this.getLock().acquire(block, timeoutMs);
  }

  release(): void {
    this.getLock().release();
  }

  /** Python's `with value:` (or `with value.get_lock():`). */
  withLock<R>(body: () => R): R {
    return this.getLock().withLock(body);
  }

  hold(): Disposable {
    return this.getLock().hold();
  }

  override toReference(): ValueRef {
    return { ...super.toReference(), typecode: this.typecode, ...(this.guard ? { lock: this.guard.toReference() } : {}) };
  }

  override toString(): string {
    return `<Synchronized wrapper for ${typeInfo(this.typecode).ctype}(${JSON.stringify(this.value)})>`;
  }
}

/** Python's `RawValue(typecode, init)`: a Value without a lock. */
export function RawValue<T extends number | string = number>(typecode: Typecode, init?: T, options?: PrimitiveOptions): Value<T> {
  return new Value<T>(typecode, init, { ...options, lock: false });
}

registerAttacher('value', (ref) => new Value((ref as ValueRef).typecode, undefined, undefined, ref as ValueRef));
