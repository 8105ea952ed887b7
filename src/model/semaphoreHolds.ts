/**
 * A Semaphore has no owner (any worker may release it), but the acquisitions a worker made and
 * never released are what its waiters wait for: when that worker has ended they will not come
 * back by themselves. Counted from the trace's acquire/release ops. Pure.
 */
import type { WorkerId } from './ids';
import type { PrimitiveView } from './runModel';
import type { PrimitiveKind } from './trace';

export const SEMAPHORE_KINDS: ReadonlySet<PrimitiveKind> = new Set<PrimitiveKind>(['semaphore', 'boundedSemaphore']);

/** Per worker, the acquisitions it made on `primitive` minus the releases it made (may be negative). */
export function acquireBalances(primitive: PrimitiveView): Map<WorkerId, number> {
  const balances = new Map<WorkerId, number>();
  for (const op of primitive.ops) {
    if (op.op === 'acquire') balances.set(op.worker, (balances.get(op.worker) ?? 0) + 1);
    else if (op.op === 'release') balances.set(op.worker, (balances.get(op.worker) ?? 0) - 1);
  }
  return balances;
}

/** Acquisitions `worker` made on `primitive` minus the releases it made (never below 0). */
export function outstandingAcquires(primitive: PrimitiveView, worker: WorkerId): number {
  return Math.max(0, acquireBalances(primitive).get(worker) ?? 0);
}
