/**
 * The live state of each primitive, derived from the model: an Event's set/clear, a Lock's
 * owner (from its acquire/release ops), a Semaphore's holders, a Queue's size, and who waits on
 * it right now. Pure (no `vscode`), shared by the Primitives view and the editor annotations.
 */
import type { PrimitiveId, WorkerId } from '../model/ids';
import type { OpMark, PrimitiveView, RunModel, StateInterval, WorkerView } from '../model/runModel';
import { outstandingAcquires, SEMAPHORE_KINDS } from '../model/semaphoreHolds';
import type { OpKind, PrimitiveKind } from '../model/trace';

export interface Waiter {
  readonly worker: WorkerView;
  /** The open wait interval (its site, timeout, since when). */
  readonly interval: StateInterval;
}

export interface PrimitiveState {
  readonly primitive: PrimitiveView;
  readonly waiters: readonly Waiter[];
  /** Event: set now? */
  readonly isSet?: boolean;
  /** Lock/RLock: who holds it (from acquire/release ops), and how deep for an RLock. */
  readonly owner?: WorkerId;
  readonly depth?: number;
  /** Semaphore: acquires not yet released. Queue/Pipe: items put and not yet taken. */
  readonly count?: number;
  /** Pool: tasks running now and finished so far. */
  readonly tasks?: { readonly running: number; readonly done: number; readonly failed: number };
}

const LOCKS: ReadonlySet<PrimitiveKind> = new Set<PrimitiveKind>(['lock', 'rlock']);
const CHANNELS: ReadonlySet<PrimitiveKind> = new Set<PrimitiveKind>(['queue', 'joinableQueue', 'simpleQueue', 'pipe']);

/** Who waits on each primitive now: every worker whose open interval names it. */
export function waitersByPrimitive(model: RunModel): ReadonlyMap<PrimitiveId, readonly Waiter[]> {
  const byPrimitive = new Map<PrimitiveId, Waiter[]>();
  for (const worker of model.workers.values()) {
    const interval = worker.states[worker.states.length - 1];
    if (!interval || interval.to !== undefined || interval.on === undefined) continue;
    if (interval.state !== 'waiting' && interval.state !== 'blocked') continue;
    const list = byPrimitive.get(interval.on);
    if (list) list.push({ worker, interval });
    else byPrimitive.set(interval.on, [{ worker, interval }]);
  }
  return byPrimitive;
}

export function primitiveStates(model: RunModel): PrimitiveState[] {
  const waiters = waitersByPrimitive(model);
  return [...model.primitives.values()].map((primitive) => primitiveState(model, primitive, waiters.get(primitive.id) ?? []));
}

export function primitiveState(model: RunModel, primitive: PrimitiveView, waiters: readonly Waiter[]): PrimitiveState {
  const ops = inTimeOrder(primitive.ops);
  const base = { primitive, waiters };
  if (primitive.kind === 'event') {
    const last = lastOf(ops, ['set', 'clear']);
    return { ...base, isSet: last?.op === 'set' };
  }
  if (LOCKS.has(primitive.kind)) {
    let owner: WorkerId | undefined;
    let depth = 0;
    for (const op of ops) {
      if (op.op === 'acquire') {
        if (owner === op.worker) depth++;
        else [owner, depth] = [op.worker, 1];
      } else if (op.op === 'release' && owner === op.worker && --depth <= 0) {
        [owner, depth] = [undefined, 0];
      }
    }
    return owner === undefined ? base : { ...base, owner, depth };
  }
  if (SEMAPHORE_KINDS.has(primitive.kind)) return { ...base, count: count(ops, 'acquire') - count(ops, 'release') };
  if (CHANNELS.has(primitive.kind)) {
    const [put, take]: [OpKind, OpKind] = primitive.kind === 'pipe' ? ['send', 'recv'] : ['put', 'get'];
    return { ...base, count: Math.max(0, count(ops, put) - count(ops, take)) };
  }
  if (primitive.kind === 'pool') {
    let running = 0;
    let done = 0;
    let failed = 0;
    for (const task of model.tasks) {
      if (task.pool !== primitive.id) continue;
      if (task.to === undefined) running++;
      else if (task.ok === false) failed++;
      else done++;
    }
    return { ...base, tasks: { running, done, failed } };
  }
  return base;
}

/** Ops arrive ring by ring, so two workers' ops can be out of order: sort only when they are. */
function inTimeOrder(ops: readonly OpMark[]): readonly OpMark[] {
  for (let i = 1; i < ops.length; i++) {
    if ((ops[i]?.at ?? 0) < (ops[i - 1]?.at ?? 0)) return [...ops].sort((a, b) => a.at - b.at);
  }
  return ops;
}

/** " (1 by ended Process-3)": acquisitions nobody alive will release. */
function heldByEnded(model: RunModel, primitive: PrimitiveView): string {
  const ended: string[] = [];
  let units = 0;
  for (const worker of model.workers.values()) {
    if (worker.exitCode === undefined) continue;
    const held = outstandingAcquires(primitive, worker.id);
    if (held === 0) continue;
    units += held;
    ended.push(worker.name);
  }
  return units > 0 ? ` (${units} by ended ${ended.join(', ')})` : '';
}

function lastOf(ops: readonly OpMark[], kinds: readonly OpKind[]): OpMark | undefined {
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (op && kinds.includes(op.op)) return op;
  }
  return undefined;
}

function count(ops: readonly OpMark[], kind: OpKind): number {
  let n = 0;
  for (const op of ops) if (op.op === kind) n++;
  return n;
}

/**
 * The Primitives view's description: "set · 0 waiting", "held by Process-1 · 1 waiting",
 * "2 held", "3 items", "2 running · 5 done".
 */
export function describePrimitiveState(model: RunModel, state: PrimitiveState): string {
  const parts: string[] = [];
  if (state.isSet !== undefined) parts.push(state.isSet ? 'set' : 'clear');
  if (LOCKS.has(state.primitive.kind)) {
    if (state.owner === undefined) parts.push('free');
    else {
      const owner = model.workers.get(state.owner);
      const ended = owner && (owner.exitCode !== undefined);
      const depth = state.primitive.kind === 'rlock' && (state.depth ?? 0) > 1 ? ` ×${state.depth}` : '';
      parts.push(`held by ${owner?.name ?? `#${state.owner}`}${depth}${ended ? ' (ended)' : ''}`);
    }
  }
  if (SEMAPHORE_KINDS.has(state.primitive.kind) && state.count !== undefined) parts.push(`${state.count} held${heldByEnded(model, state.primitive)}`);
  if (CHANNELS.has(state.primitive.kind) && state.count !== undefined) parts.push(`${state.count} item${state.count === 1 ? '' : 's'}`);
  if (state.tasks) parts.push(`${state.tasks.running} running · ${state.tasks.done} done${state.tasks.failed ? ` · ${state.tasks.failed} failed` : ''}`);
  if (state.waiters.length > 0 || parts.length > 0) parts.push(`${state.waiters.length} waiting`);
  return parts.join(' · ');
}
