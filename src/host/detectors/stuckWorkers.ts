/**
 * Reads who is blocked on what, and who holds it, from the run model (wait intervals) and the
 * shared arena (lock owners, joined processes): the arena is the truth about ownership now.
 */
import { asWorkerId, type WorkerId } from '../../model/ids';
import type { StuckWorker } from '../../model/problems';
import type { PrimitiveView, RunModel, WorkerView } from '../../model/runModel';
import { acquireBalances, SEMAPHORE_KINDS } from '../../model/semaphoreHolds';
import type { PoolBacklog } from '../poolHost';
import { EventSlot, ProcessSlot, ProcessState, SemaphoreSlot, slotBase } from '../../runtime/arenaLayout';

export interface Blocked extends StuckWorker {
  /** True when the wait has no timeout: only such waits can be stuck for good. */
  readonly untimed: boolean;
  /** Every worker whose action could end this wait: a lock's owner, a semaphore's holders. */
  readonly releasers: readonly WorkerId[];
}

/** Reads a pool's rings (the host's PoolHost): what its idle workers or its owner could take. */
export type PoolBacklogReader = (pool: number) => PoolBacklog | undefined;

export class StuckWorkerReader {
  constructor(
    private readonly model: RunModel,
    private readonly arena: Int32Array,
    private readonly poolBacklog: PoolBacklogReader = () => undefined,
  ) {}

  /** The live workers' current waits; sleeping and running workers are not included. */
  blocked(isLive: (worker: WorkerView) => boolean): { blocked: Blocked[]; live: number } {
    const blocked: Blocked[] = [];
    let live = 0;
    for (const worker of this.model.workers.values()) {
      if (!isLive(worker)) continue;
      live++;
      const state = this.model.currentState(worker);
      if ((state.state !== 'waiting' && state.state !== 'blocked') || state.wait === undefined) continue;
      const primitive = state.on !== undefined ? this.model.primitives.get(state.on) : undefined;
      // Released already, its wake-up just not traced yet (a busy machine may take a while to
      // schedule the waiter): not blocked.
      if (primitive && this.released(primitive.kind, primitive.id, state.wait)) continue;
      const releasers = primitive ? this.releasers(primitive, state.wait) : [];
      const heldBy = releasers[0];
      const holderName = releasers.length > 0 ? releasers.map((id) => this.model.workers.get(id)?.name ?? `#${id}`).join(', ') : undefined;
      blocked.push({
        worker: worker.id,
        workerName: worker.name,
        wait: state.wait,
        ...(primitive ? { primitive: primitive.id, primitiveName: primitive.name, primitiveKind: primitive.kind } : {}),
        ...(primitive?.site ? { primitiveSite: primitive.site } : {}),
        ...(heldBy !== undefined ? { heldBy, ...(holderName !== undefined ? { heldByName: holderName } : {}) } : {}),
        ...(state.site ? { site: state.site } : {}),
        since: state.from,
        untimed: state.timeoutMs === undefined,
        releasers,
      });
    }
    return { blocked, live };
  }

  /** True when what the waiter waits for has already happened (its wake is on the way). */
  released(kind: string, slot: number, wait: string): boolean {
    const base = slotBase(slot);
    if (kind === 'event' && wait === 'event') return Atomics.load(this.arena, base + EventSlot.flag) === 1;
    if ((kind === 'lock' || kind === 'rlock') && (wait === 'lock' || wait === 'rlock')) return Atomics.load(this.arena, base) === 0;
    if (kind === 'process' && wait === 'join') return Atomics.load(this.arena, base + ProcessSlot.state) === ProcessState.exited;
    if (SEMAPHORE_KINDS.has(kind as PrimitiveView['kind']) && wait === 'semaphore') return Atomics.load(this.arena, base + SemaphoreSlot.value) > 0;
    // A pool's idle worker with a task waiting for it, or its owner with a result waiting: on a
    // loaded machine the thread may not run (and trace its wake) for a while, but it is not stuck.
    if (kind === 'pool' && wait === 'get') return this.poolBacklog(slot)?.tasks === true;
    if (kind === 'pool' && wait === 'result') return this.poolBacklog(slot)?.results === true;
    return false;
  }

  /**
   * Who could end a wait on `primitive`: the owner of a Lock or RLock, the joined process, or
   * the holders of a Semaphore used as a resource (units acquired and not yet given back). A
   * Semaphore some worker has released more often than it acquired is a signal, which anyone
   * may give: then nobody is known to be the one to release it, and a wait on it can only be
   * part of a hang, never of a deadlock.
   */
  releasers(primitive: PrimitiveView, wait: string): WorkerId[] {
    if (!SEMAPHORE_KINDS.has(primitive.kind) || wait !== 'semaphore') {
      const owner = this.holder(primitive.kind, primitive.id, wait);
      return owner !== undefined ? [owner] : [];
    }
    const held = acquireBalances(primitive);
    if ([...held.values()].some((count) => count < 0)) return [];
    return [...held].filter(([, count]) => count > 0).map(([worker]) => worker).sort((a, b) => a - b);
  }

  /** The worker that must act for a waiter on this primitive to go on, when there is one. */
  holder(kind: string, slot: number, wait: string): WorkerId | undefined {
    const base = slotBase(slot);
    if ((kind === 'lock' || kind === 'rlock') && (wait === 'lock' || wait === 'rlock')) {
      // word 0 of Lock and RLock slots: owner worker id + 1, 0 when free.
      const owner = Atomics.load(this.arena, base);
      return owner > 0 ? asWorkerId(owner - 1) : undefined;
    }
    if (kind === 'process' && wait === 'join') return asWorkerId(Atomics.load(this.arena, base + ProcessSlot.workerId));
    return undefined;
  }
}

/** StuckWorker without the detector-only field, for the problem sent out. */
export function publicStuck(blocked: Blocked): StuckWorker {
  const { untimed: _untimed, releasers: _releasers, ...stuck } = blocked;
  return stuck;
}
