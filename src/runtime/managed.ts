/**
 * Manager proxies for plain data: `manager.list()`, `manager.dict()`, `manager.Namespace()`.
 * Each is a primitive with its own buffer (managedStore.ts); every operation is atomic and reads
 * return copies, as with Python's proxies. Unlike synchronisation primitives they may be passed
 * anywhere, including inside pool task arguments and queue items.
 *
 * Arena slot words (ManagedSlot in arenaLayout.ts):
 *   0 version  bumped on every change     1 length   items / keys / attributes, for display
 *   2 lastWorker, 3 lastSeq  the last change     4 manager  the owning Manager's slot
 */
import { inspect, isDeepStrictEqual } from 'node:util';
import { ManagedSlot, ManagerSlot, ManagerState, SLOT_WORDS } from './arenaLayout';
import { IndexError, KeyError } from './commErrors';
import { RuntimeError, ValueError } from './errors';
import { registerPrimitiveBuffer } from './itemCodec';
import { ManagedStore } from './managedStore';
import { registerAttacher, SharedPrimitive, type PrimitiveRef } from './primitive';
import { pyRepr } from './pyRepr';

type ManagedKind = 'managedList' | 'managedDict' | 'namespace';

interface ManagedRef extends PrimitiveRef {
  readonly buffer: SharedArrayBuffer;
}

/** @internal How a Manager makes one (users call manager.list() and friends). */
export interface ManagedInit {
  /** Undefined: `ListProxy-N` and so on. */
  readonly name: string | undefined;
  readonly managerSlot: number;
  readonly initial: unknown;
}

abstract class ManagedObject extends SharedPrimitive {
  protected readonly store: ManagedStore;

  protected constructor(kind: ManagedKind, className: string, init: ManagedInit | undefined, attach?: PrimitiveRef) {
    super(kind, className, init?.name !== undefined ? { name: init.name } : undefined, attach);
    this.store = attach ? new ManagedStore((attach as ManagedRef).buffer, this.label()) : ManagedStore.create(init?.initial, this.label());
    registerPrimitiveBuffer(this.id, this.store.buffer);
    if (init) {
      Atomics.store(this.ctx.arena, this.base + ManagedSlot.manager, init.managerSlot);
      Atomics.store(this.ctx.arena, this.base + ManagedSlot.length, lengthOf(init.initial));
    }
  }

  /** Manager proxies may be passed anywhere, as in Python. */
  override get shareableInTasks(): boolean {
    return true;
  }

  override toReference(): ManagedRef {
    return { ...super.toReference(), buffer: this.store.buffer };
  }

  protected label(): string {
    return `${this.kind === 'managedList' ? 'list' : this.kind === 'managedDict' ? 'dict' : 'Namespace'} '${this.name}'`;
  }

  private checkManager(): void {
    const managerSlot = Atomics.load(this.ctx.arena, this.base + ManagedSlot.manager);
    if (Atomics.load(this.ctx.arena, managerSlot * SLOT_WORDS + ManagerSlot.state) === ManagerState.shutdown) {
      throw new RuntimeError(
        `the manager of ${this.label()} has been shut down, so its proxies can no longer be used (Python raises a connection error here). ` +
          'Use them inside Manager.with(...) / before manager.shutdown().',
      );
    }
  }

  protected read<T>(): T {
    this.checkManager();
    return this.store.read<T>();
  }

  /** A change: atomic, traced as a 'put' on this object when `changed`. */
  protected change<T, R>(body: (value: T) => { readonly result: R; readonly changed: boolean }): R {
    this.checkManager();
    const { arena, tracer, workerId } = this.ctx;
    let changed = false;
    let length = 0;
    const result = this.store.update<T, R>((value) => {
      const outcome = body(value);
      changed = outcome.changed;
      length = lengthOf(value);
      return outcome;
    });
    if (changed) {
      const seq = tracer.nextOpSeq();
      Atomics.store(arena, this.base + ManagedSlot.lastWorker, workerId);
      Atomics.store(arena, this.base + ManagedSlot.lastSeq, seq);
      Atomics.store(arena, this.base + ManagedSlot.length, length);
      Atomics.add(arena, this.base + ManagedSlot.version, 1);
      tracer.op('put', this.id, seq);
    }
    return result;
  }
}

function lengthOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map) return value.size;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return 0;
}

const INDEX = /^-?\d+$/;

/** Python's ListProxy: `l[i]`, `l[i] = x`, append, extend, pop, insert, remove, index, count, … */
export class ListProxy extends ManagedObject {
  [index: number]: unknown;

  constructor(init?: ManagedInit, attach?: PrimitiveRef) {
    super('managedList', 'ListProxy', init ? { ...init, initial: [...((init.initial as Iterable<unknown> | undefined) ?? [])] } : undefined, attach);
    // Index access as in Python: l[i] reads, l[i] = x writes, negative indices count from the end.
    return new Proxy(this, {
      get: (target, key, receiver) => (typeof key === 'string' && INDEX.test(key) ? target.getItem(Number(key)) : Reflect.get(target, key, receiver)),
      set: (target, key, value, receiver) => {
        if (typeof key === 'string' && INDEX.test(key)) {
          target.setItem(Number(key), value);
          return true;
        }
        return Reflect.set(target, key, value, receiver);
      },
      has: (target, key) => (typeof key === 'string' && INDEX.test(key) ? inRange(Number(key), target.length) : Reflect.has(target, key)),
    });
  }

  get kind(): 'managedList' {
    return 'managedList';
  }

  get length(): number {
    return this.read<unknown[]>().length;
  }

  getItem(index: number): unknown {
    const list = this.read<unknown[]>();
    const at = normaliseIndex(index, list.length);
    if (at === undefined) throw new IndexError('list index out of range');
    return list[at];
  }

  setItem(index: number, value: unknown): void {
    this.change<unknown[], void>((list) => {
      const at = normaliseIndex(index, list.length);
      if (at === undefined) throw new IndexError('list assignment index out of range');
      list[at] = value;
      return { result: undefined, changed: true };
    });
  }

  append(value: unknown): void {
    this.change<unknown[], void>((list) => (list.push(value), { result: undefined, changed: true }));
  }

  extend(values: Iterable<unknown>): void {
    const items = [...values];
    this.change<unknown[], void>((list) => (list.push(...items), { result: undefined, changed: items.length > 0 }));
  }

  insert(index: number, value: unknown): void {
    this.change<unknown[], void>((list) => {
      const at = index < 0 ? Math.max(0, list.length + index) : Math.min(index, list.length);
      list.splice(at, 0, value);
      return { result: undefined, changed: true };
    });
  }

  /** Removes and returns the item at `index` (default: the last); IndexError when empty. */
  pop(index = -1): unknown {
    return this.change<unknown[], unknown>((list) => {
      if (list.length === 0) throw new IndexError('pop from empty list');
      const at = normaliseIndex(index, list.length);
      if (at === undefined) throw new IndexError('pop index out of range');
      return { result: list.splice(at, 1)[0], changed: true };
    });
  }

  /** Removes the first item equal to `value`; ValueError when there is none. */
  remove(value: unknown): void {
    this.change<unknown[], void>((list) => {
      const at = list.findIndex((item) => isDeepStrictEqual(item, value));
      if (at < 0) throw new ValueError('list.remove(x): x not in list');
      list.splice(at, 1);
      return { result: undefined, changed: true };
    });
  }

  index(value: unknown): number {
    const at = this.read<unknown[]>().findIndex((item) => isDeepStrictEqual(item, value));
    if (at < 0) throw new ValueError(`${pyRepr(value)} is not in list`);
    return at;
  }

  /** Python's `value in l` (JS's `in` tests indices, as for arrays). */
  includes(value: unknown): boolean {
    return this.read<unknown[]>().some((item) => isDeepStrictEqual(item, value));
  }

  count(value: unknown): number {
    return this.read<unknown[]>().filter((item) => isDeepStrictEqual(item, value)).length;
  }

  reverse(): void {
    this.change<unknown[], void>((list) => (list.reverse(), { result: undefined, changed: true }));
  }

  sort(compare?: (a: never, b: never) => number): void {
    this.change<unknown[], void>((list) => (list.sort(compare as ((a: unknown, b: unknown) => number) | undefined ?? defaultOrder), { result: undefined, changed: true }));
  }

  /** A copy of the whole list. */
  toArray(): unknown[] {
    return this.read<unknown[]>();
  }

  /** Iterates over a snapshot taken when iteration starts. */
  [Symbol.iterator](): Iterator<unknown> {
    return this.read<unknown[]>()[Symbol.iterator]();
  }

  override toString(): string {
    return pyRepr(this.read<unknown[]>());
  }

  toJSON(): unknown[] {
    return this.read<unknown[]>();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Python's DictProxy, with a Map's vocabulary: get, set, has, delete, keys, values, items, … */
export class DictProxy extends ManagedObject {
  constructor(init?: ManagedInit, attach?: PrimitiveRef) {
    super('managedDict', 'DictProxy', init ? { ...init, initial: toMap(init.initial) } : undefined, attach);
  }

  get kind(): 'managedDict' {
    return 'managedDict';
  }

  get length(): number {
    return this.read<Map<unknown, unknown>>().size;
  }

  /** Python's `d.get(key, default=None)`. */
  get(key: unknown, fallback?: unknown): unknown {
    const map = this.read<Map<unknown, unknown>>();
    return map.has(key) ? map.get(key) : fallback;
  }

  /** Python's `d[key]`: KeyError when absent. */
  getItem(key: unknown): unknown {
    const map = this.read<Map<unknown, unknown>>();
    if (!map.has(key)) throw new KeyError(pyRepr(key));
    return map.get(key);
  }

  /** Python's `d[key] = value`. */
  set(key: unknown, value: unknown): this {
    this.change<Map<unknown, unknown>, void>((map) => (map.set(key, value), { result: undefined, changed: true }));
    return this;
  }

  has(key: unknown): boolean {
    return this.read<Map<unknown, unknown>>().has(key);
  }

  /** Python's `del d[key]`: KeyError when absent. */
  delete(key: unknown): void {
    this.change<Map<unknown, unknown>, void>((map) => {
      if (!map.delete(key)) throw new KeyError(pyRepr(key));
      return { result: undefined, changed: true };
    });
  }

  /** Python's `d.pop(key[, default])`. */
  pop(key: unknown, ...fallback: [unknown?]): unknown {
    return this.change<Map<unknown, unknown>, unknown>((map) => {
      if (map.has(key)) {
        const value = map.get(key);
        map.delete(key);
        return { result: value, changed: true };
      }
      if (fallback.length > 0) return { result: fallback[0], changed: false };
      throw new KeyError(pyRepr(key));
    });
  }

  /** Python's `d.setdefault(key, default=None)`: the value, inserting `fallback` when absent. */
  setdefault(key: unknown, fallback: unknown = null): unknown {
    return this.change<Map<unknown, unknown>, unknown>((map) => {
      if (map.has(key)) return { result: map.get(key), changed: false };
      map.set(key, fallback);
      return { result: fallback, changed: true };
    });
  }

  update(entries: Map<unknown, unknown> | Record<string, unknown> | Iterable<readonly [unknown, unknown]>): void {
    const incoming = toMap(entries);
    this.change<Map<unknown, unknown>, void>((map) => {
      for (const [k, v] of incoming) map.set(k, v);
      return { result: undefined, changed: incoming.size > 0 };
    });
  }

  clear(): void {
    this.change<Map<unknown, unknown>, void>((map) => ({ result: undefined, changed: map.size > 0 && (map.clear(), true) }));
  }

  keys(): unknown[] {
    return [...this.read<Map<unknown, unknown>>().keys()];
  }

  values(): unknown[] {
    return [...this.read<Map<unknown, unknown>>().values()];
  }

  items(): [unknown, unknown][] {
    return [...this.read<Map<unknown, unknown>>().entries()];
  }

  /** A copy as a Map. */
  toMap(): Map<unknown, unknown> {
    return this.read<Map<unknown, unknown>>();
  }

  /** A copy as a plain object (keys become strings). */
  toObject(): Record<string, unknown> {
    return Object.fromEntries(this.read<Map<unknown, unknown>>()) as Record<string, unknown>;
  }

  [Symbol.iterator](): Iterator<unknown> {
    return this.keys()[Symbol.iterator]();
  }

  override toString(): string {
    return pyRepr(this.read<Map<unknown, unknown>>());
  }

  toJSON(): Record<string, unknown> {
    return this.toObject();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** What Namespace keeps for itself; every other string property is a shared attribute. */
const NAMESPACE_OWN = new Set(['toReference', 'shareableInTasks', 'toString', 'toJSON', 'constructor']);

/** Python's manager.Namespace(): attributes shared by every worker, `ns.x = 1` / `ns.x`. */
export class NamespaceProxy extends ManagedObject {
  [attribute: string]: unknown;

  constructor(init?: ManagedInit, attach?: PrimitiveRef) {
    super('namespace', 'Namespace', init ? { ...init, initial: { ...((init.initial as Record<string, unknown> | undefined) ?? {}) } } : undefined, attach);
    const own = (_target: NamespaceProxy, key: string | symbol) => typeof key === 'symbol' || NAMESPACE_OWN.has(key);
    return new Proxy(this, {
      get: (target, key) => {
        if (own(target, key)) {
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        }
        // A missing attribute reads as undefined (Python raises AttributeError; JS code, and
        // `await`'s `then` probe, expect undefined).
        return target.read<Record<string, unknown>>()[key as string];
      },
      set: (target, key, value) => {
        if (own(target, key)) return Reflect.set(target, key, value, target);
        target.change<Record<string, unknown>, void>((attrs) => ((attrs[key as string] = value), { result: undefined, changed: true }));
        return true;
      },
      deleteProperty: (target, key) => {
        if (own(target, key)) return false;
        target.change<Record<string, unknown>, void>((attrs) => {
          if (!(key as string in attrs)) throw new Error(`AttributeError: '${key as string}'`);
          delete attrs[key as string];
          return { result: undefined, changed: true };
        });
        return true;
      },
      has: (target, key) => (own(target, key) ? Reflect.has(target, key) : key in target.read<Record<string, unknown>>()),
      ownKeys: (target) => Object.keys(target.read<Record<string, unknown>>()),
      getOwnPropertyDescriptor: (target, key) => {
        if (own(target, key)) return undefined;
        const attrs = target.read<Record<string, unknown>>();
        return key in attrs ? { value: attrs[key as string], writable: true, enumerable: true, configurable: true } : undefined;
      },
    });
  }

  get kind(): 'namespace' {
    return 'namespace';
  }

  override toString(): string {
    const attrs = this.read<Record<string, unknown>>();
    return `Namespace(${Object.entries(attrs).map(([k, v]) => `${k}=${pyRepr(v)}`).join(', ')})`;
  }

  toJSON(): Record<string, unknown> {
    return this.read<Record<string, unknown>>();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function normaliseIndex(index: number, length: number): number | undefined {
  const at = index < 0 ? length + index : index;
  return Number.isInteger(at) && at >= 0 && at < length ? at : undefined;
}

function inRange(index: number, length: number): boolean {
  return normaliseIndex(index, length) !== undefined;
}

function defaultOrder(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function toMap(entries: unknown): Map<unknown, unknown> {
  if (entries === undefined || entries === null) return new Map();
  if (entries instanceof Map) return new Map(entries);
  if (typeof entries === 'object' && Symbol.iterator in entries) return new Map(entries as Iterable<readonly [unknown, unknown]>);
  return new Map(Object.entries(entries as Record<string, unknown>));
}

registerAttacher('managedList', (ref) => new ListProxy(undefined, ref));
registerAttacher('managedDict', (ref) => new DictProxy(undefined, ref));
registerAttacher('namespace', (ref) => new NamespaceProxy(undefined, ref));
