/**
 * Potential deadlock: a lock-order inversion seen during the run, from acquire/release ops.
 * Reported as soon as the second order appears, even if the run never deadlocks.
 */
import type { Millis, PrimitiveId, WorkerId } from '../../model/ids';
import { LockOrderGraph } from '../../model/lockOrder';
import type { LockOrderEdge, Problem } from '../../model/problems';
import type { RunModel } from '../../model/runModel';
import type { OpEvent, OpKind, SourceSite, WaitBeginEvent } from '../../model/trace';

/** The kinds whose acquisition order is checked. */
export const ORDERED_KINDS: ReadonlySet<string> = new Set(['lock', 'rlock']);

/**
 * A lock a worker has taken. Kept at count 0 once released, not deleted: a loop takes the same
 * locks over and over, and the host folds every acquire and release of every worker.
 */
interface Held {
  count: number;
  /** Where the current holding began, when that acquire carried its site. */
  site: SourceSite | undefined;
}

/** A worker's locks, and how many of them it holds now. */
interface WorkerLocks {
  readonly locks: Map<PrimitiveId, Held>;
  /**
   * Entries with count > 0. A loop that takes one lock at a time holds nothing else at each
   * acquire: with this at 0 there is no order to add, and no walk over its locks (the host
   * spent more CPU there than anywhere else on a contended lock loop's records).
   */
  holding: number;
}

/** True while `locks` (a worker's) holds `lock` at least once. */
function holds(locks: WorkerLocks | undefined, lock: PrimitiveId): boolean {
  return (locks?.locks.get(lock)?.count ?? 0) > 0;
}

export class LockOrderDetector {
  private readonly graph = new LockOrderGraph<LockOrderEdge>();
  private readonly held = new Map<WorkerId, WorkerLocks>();

  constructor(private readonly model: RunModel) {}

  /** An attempt to take a lock counts as an order too: in a real deadlock it never succeeds. */
  observeAttempt(event: WaitBeginEvent): Problem | undefined {
    if (event.primitive === undefined || (event.wait !== 'lock' && event.wait !== 'rlock')) return undefined;
    return this.observeAttemptOn(event.worker, event.primitive, event.at, event.site);
  }

  /** The same as `observeAttempt`, from a wait's fields: for a wait on a Lock or RLock traced in one record. */
  observeAttemptOn(worker: WorkerId, lock: PrimitiveId, at: Millis, site: SourceSite | undefined): Problem | undefined {
    const primitive = this.model.primitives.get(lock);
    const mine = this.held.get(worker);
    if (!primitive || !ORDERED_KINDS.has(primitive.kind) || !mine || holds(mine, lock)) return undefined;
    return this.addOrders(mine, worker, lock, primitive.name, site, at);
  }

  observe(event: OpEvent): Problem | undefined {
    return this.observeOp(event.worker, event.primitive, event.op, event.at, event.site);
  }

  /**
   * The same as `observe`, from an op's fields: the host calls it for every Lock and RLock op
   * straight from the record, without making an event of it (a lock loop makes millions).
   */
  observeOp(worker: WorkerId, lock: PrimitiveId, op: OpKind, at: Millis, site: SourceSite | undefined): Problem | undefined {
    const primitive = this.model.primitives.get(lock);
    if (!primitive || !ORDERED_KINDS.has(primitive.kind)) return undefined;
    if (op === 'release') {
      this.release(worker, lock);
      return undefined;
    }
    if (op !== 'acquire') return undefined;
    let mine = this.held.get(worker);
    if (!mine) this.held.set(worker, (mine = { locks: new Map(), holding: 0 }));
    const entry = mine.locks.get(lock);
    if (entry && entry.count > 0) {
      entry.count++;
      return undefined;
    }
    const found = this.addOrders(mine, worker, lock, primitive.name, site, at);
    if (entry) {
      entry.count = 1;
      entry.site = site;
    } else mine.locks.set(lock, { count: 1, site });
    mine.holding++;
    return found;
  }

  private addOrders(mine: WorkerLocks, worker: WorkerId, then: PrimitiveId, thenName: string, thenSite: SourceSite | undefined, at: Millis): Problem | undefined {
    if (mine.holding === 0) return undefined;
    let found: Problem | undefined;
    for (const [first, held] of mine.locks) {
      if (held.count === 0) continue;
      const edge: LockOrderEdge = {
        worker,
        workerName: this.model.workers.get(worker)?.name ?? `#${worker}`,
        first,
        firstName: this.model.primitives.get(first)?.name ?? `#${first}`,
        then,
        thenName,
        ...(held.site ? { firstSite: held.site } : {}),
        ...(thenSite ? { thenSite } : {}),
        at,
      };
      const cycle = this.graph.add({ first, then, worker, info: edge });
      if (cycle && !found) found = this.problem(cycle.map((e) => e.info), at);
    }
    return found;
  }

  private release(worker: WorkerId, primitive: PrimitiveId): void {
    // Python lets any process release a Lock: take it from whoever holds it.
    let owner = this.held.get(worker);
    if (!holds(owner, primitive)) owner = [...this.held.values()].find((other) => holds(other, primitive));
    const held = owner?.locks.get(primitive);
    if (!owner || !held) return;
    held.count--;
    if (held.count === 0) owner.holding--;
  }

  private problem(orders: LockOrderEdge[], at: Millis): Problem {
    const where = (o: LockOrderEdge) => (o.thenSite ? ` (${o.thenSite.file.slice(o.thenSite.file.lastIndexOf('/') + 1)}:${o.thenSite.line})` : '');
    return {
      id: `potentialDeadlock:${orders.map((o) => o.first).sort((a, b) => a - b).join(',')}`,
      kind: 'potentialDeadlock',
      detectedAt: at,
      summary: `Potential deadlock (lock-order inversion): ${orders.map((o) => `${o.workerName} takes \`${o.firstName}\` then \`${o.thenName}\`${where(o)}`).join('; ')}`,
      workers: [],
      orders,
    };
  }
}
