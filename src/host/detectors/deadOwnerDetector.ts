/**
 * Dead owner: a worker ended (returned, threw, exited, was terminated) while holding a Lock or
 * RLock: Python leaves such a lock held forever; Threadline says so at once instead of letting
 * waiters hang silently. A Semaphore has no owner and is often acquired for good on purpose (a
 * signal, a counter), so acquisitions an ended worker never released are reported only once
 * someone waits on that semaphore.
 */
import type { Millis, WorkerId } from '../../model/ids';
import type { Problem } from '../../model/problems';
import type { PrimitiveView, RunModel, WorkerView } from '../../model/runModel';
import { outstandingAcquires, SEMAPHORE_KINDS } from '../../model/semaphoreHolds';
import type { Blocked, StuckWorkerReader } from './stuckWorkers';
import { publicStuck } from './stuckWorkers';

export class DeadOwnerDetector {
  private readonly reported = new Set<string>();

  constructor(
    private readonly model: RunModel,
    private readonly reader: StuckWorkerReader,
  ) {}

  onExit(worker: WorkerId, at: Millis): Problem[] {
    const view = this.model.workers.get(worker);
    const problems: Problem[] = [];
    for (const primitive of this.model.primitives.values()) {
      if (primitive.kind !== 'lock' && primitive.kind !== 'rlock') continue;
      if (this.reader.holder(primitive.kind, primitive.id, primitive.kind) !== worker) continue;
      problems.push(this.problem(primitive, view, worker, at, `${primitive.kind} \`${primitive.name}\`: it stays locked, and anyone who waits for it waits forever`, []));
    }
    return problems;
  }

  /** One pass over the current waits: a waiter on a Semaphore that an ended worker still holds. */
  check(blocked: readonly Blocked[], now: Millis): Problem[] {
    const problems: Problem[] = [];
    for (const waiter of blocked) {
      const primitive = waiter.primitive !== undefined ? this.model.primitives.get(waiter.primitive) : undefined;
      if (!primitive || !SEMAPHORE_KINDS.has(primitive.kind)) continue;
      for (const ended of this.model.workers.values()) {
        if (ended.exitCode === undefined || this.reported.has(idOf(primitive, ended.id))) continue;
        const held = outstandingAcquires(primitive, ended.id);
        if (held === 0) continue;
        const waiters = blocked.filter((b) => b.primitive === primitive.id).map(publicStuck);
        const what = `${held} of semaphore \`${primitive.name}\` (acquired, never released): its value stays ${held} lower and ${waiters.map((w) => w.workerName).join(', ')} may wait forever`;
        problems.push(this.problem(primitive, ended, ended.id, now, what, waiters));
      }
    }
    return problems;
  }

  private problem(primitive: PrimitiveView, view: WorkerView | undefined, worker: WorkerId, at: Millis, holding: string, waiters: Problem['workers']): Problem {
    const id = idOf(primitive, worker);
    this.reported.add(id);
    const ended = `${view?.name ?? `#${worker}`} ended${view?.exitCode !== undefined ? ` (exit ${view.exitCode})` : ''}`;
    return {
      id,
      kind: 'deadOwner',
      detectedAt: at,
      summary: `${ended} while holding ${holding}`,
      workers: waiters,
      // Lost records may hide an acquire or a release: the finding may be wrong either way.
      ...((view?.dropped ?? 0) > 0 ? { inconclusive: true } : {}),
    };
  }
}

function idOf(primitive: PrimitiveView, worker: WorkerId): string {
  return `deadOwner:${primitive.id}:${worker}`;
}
