/**
 * Python's multiprocessing.Manager(): makes shared objects whose proxies may be passed anywhere,
 * including inside pool task arguments, where plain synchronisation primitives are refused.
 *
 * Design (see managedStore.ts): no server thread. A manager list/dict/Namespace keeps its value
 * in its own shared buffer under a mutex, and a manager Event/Lock/Queue/… is the ordinary
 * shared primitive marked as a proxy, so it behaves, blocks and is traced exactly like the
 * plain one. shutdown() retires the list/dict/Namespace proxies (using them raises, as Python's
 * proxies fail once their server is gone).
 *
 * Arena slot words (ManagerSlot in arenaLayout.ts): 0 state (ManagerState: running, shutdown).
 */
import type { PrimitiveKind } from '../model/trace';
import { ManagerSlot, ManagerState } from './arenaLayout';
import { Barrier, type BarrierOptions } from './barrier';
import { captureUserSite } from './callSite';
import { Condition } from './condition';
import { ProcessError } from './errors';
import { Event } from './event';
import { Lock } from './lock';
import { DictProxy, ListProxy, NamespaceProxy, type ManagedInit } from './managed';
import { registerAttacher, registeredAttacher, SharedPrimitive, type PrimitiveOptions, type PrimitiveRef } from './primitive';
import { JoinableQueue, Queue } from './queue';
import { RLock } from './rlock';
import { BoundedSemaphore, Semaphore } from './semaphore';
import { SharedArray } from './sharedArray';
import type { Typecode } from './sharedState';
import { Value } from './sharedValue';
import { assignedName } from './siteNames';

const MANAGED = '__threadlineManaged';

/** Marks a plain primitive as a manager proxy: shareable in tasks, and still so in other workers. */
function asProxy<T extends SharedPrimitive>(primitive: T): T {
  const toReference = primitive.toReference.bind(primitive);
  Object.defineProperty(primitive, 'shareableInTasks', { get: () => true });
  Object.defineProperty(primitive, 'toReference', { value: () => ({ ...toReference(), [MANAGED]: true }) });
  return primitive;
}

function isProxyRef(ref: PrimitiveRef): boolean {
  return (ref as unknown as Record<string, unknown>)[MANAGED] === true;
}

export class Manager extends SharedPrimitive {
  /** Python's `Manager()` returns a started manager; so does `new Manager()`. */
  constructor(options?: PrimitiveOptions, attach?: PrimitiveRef) {
    super('manager', 'Manager', options, attach);
  }

  get kind(): 'manager' {
    return 'manager';
  }

  /**
   * Python's `with Manager() as manager:` — runs `body` with a manager and shuts it down however
   * `body` ends (after the promise settles, when `body` is async).
   */
  static with<T>(body: (manager: Manager) => T, options?: PrimitiveOptions): T {
    const manager = new Manager(options ?? { name: assignedName(captureUserSite()) ?? 'manager' });
    let result: T;
    try {
      result = body(manager);
    } catch (error) {
      manager.shutdown();
      throw error;
    }
    if (result instanceof Promise) return result.finally(() => manager.shutdown()) as T;
    manager.shutdown();
    return result;
  }

  /** Already started by the constructor (as Python's Manager()); refused after shutdown. */
  start(): void {
    if (!this.running) throw new ProcessError(`Manager '${this.name}' was shut down and cannot be started again`);
  }

  /** Ends the manager: its list, dict and Namespace proxies can no longer be used. */
  shutdown(): void {
    const { arena, tracer } = this.ctx;
    if (Atomics.exchange(arena, this.base + ManagerSlot.state, ManagerState.shutdown) === ManagerState.shutdown) return;
    tracer.op('close', this.id, tracer.nextOpSeq());
  }

  get running(): boolean {
    return Atomics.load(this.ctx.arena, this.base + ManagerSlot.state) === ManagerState.running;
  }

  /** `using manager = new Manager()` shuts it down at the end of the block. */
  [Symbol.dispose](): void {
    this.shutdown();
  }

  /** Python's `manager.list([init])`: a shared list; `l[i]`, `l[i] = x`, append, … */
  list(init: Iterable<unknown> = []): ListProxy {
    return new ListProxy(this.init(init));
  }

  /** Python's `manager.dict([init])`: a shared dict with a Map's methods. */
  dict(init?: Map<unknown, unknown> | Record<string, unknown> | Iterable<readonly [unknown, unknown]>): DictProxy {
    return new DictProxy(this.init(init));
  }

  /** Python's `manager.Namespace()`: shared attributes, `ns.x = 1`. */
  Namespace(init: Record<string, unknown> = {}): NamespaceProxy {
    return new NamespaceProxy(this.init(init));
  }

  Queue(maxsize = 0): Queue {
    return asProxy(new Queue(maxsize, this.options()));
  }

  JoinableQueue(maxsize = 0): JoinableQueue {
    return asProxy(new JoinableQueue(maxsize, this.options()));
  }

  Event(): Event {
    return asProxy(new Event(this.options()));
  }

  Lock(): Lock {
    return asProxy(new Lock(this.options()));
  }

  RLock(): RLock {
    return asProxy(new RLock(this.options()));
  }

  Semaphore(value = 1): Semaphore {
    return asProxy(new Semaphore(value, this.options()));
  }

  BoundedSemaphore(value = 1): BoundedSemaphore {
    return asProxy(new BoundedSemaphore(value, this.options()));
  }

  /** Python's `manager.Condition(lock=None)`; a Lock/RLock given should come from this manager too. */
  Condition(lock?: Lock | RLock | null): Condition {
    return asProxy(new Condition(lock, this.options()));
  }

  /** Python's `manager.Barrier(parties, action=None, timeout=None)`. */
  Barrier(parties: number, options?: Omit<BarrierOptions, 'name'>): Barrier {
    return asProxy(new Barrier(parties, { ...options, ...this.options() }));
  }

  /** Python's `manager.Value(typecode, value)`: `.value` reads and writes the shared item. */
  Value<T extends number | string = number>(typecode: Typecode, value: NoInfer<T>): Value<T> {
    return asProxy(new Value<T>(typecode, value, this.options()));
  }

  /** Python's `manager.Array(typecode, sequence)`: `arr[i]`, `arr.length`, `arr.toArray()`. */
  Array<T extends number | string = number>(typecode: Typecode, sequence: number | Iterable<NoInfer<T>>): SharedArray<T> {
    return asProxy(new SharedArray<T>(typecode, sequence, this.options()));
  }

  private checkRunning(): void {
    if (!this.running) throw new ProcessError(`Manager '${this.name}' has been shut down`);
  }

  /** Named after the variable (`const ready = manager.Event()`), else numbered as plain ones are. */
  private options(): PrimitiveOptions | undefined {
    this.checkRunning();
    const name = assignedName(captureUserSite());
    return name === undefined ? undefined : { name };
  }

  private init(initial: unknown): ManagedInit {
    this.checkRunning();
    return { name: assignedName(captureUserSite()), managerSlot: this.id, initial };
  }
}

registerAttacher('manager', (ref) => new Manager(undefined, ref));
// A proxy stays a proxy in the worker it reaches (so it may be passed on to pool tasks there).
const PROXY_KINDS: readonly PrimitiveKind[] = [
  'event', 'lock', 'rlock', 'semaphore', 'boundedSemaphore', 'queue', 'joinableQueue', 'condition', 'barrier', 'value', 'array',
];
for (const kind of PROXY_KINDS) {
  const attachPlain = registeredAttacher(kind);
  registerAttacher(kind, (ref) => (isProxyRef(ref) ? asProxy(attachPlain(ref)) : attachPlain(ref)));
}
