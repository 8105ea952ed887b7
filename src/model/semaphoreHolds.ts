/**
 * A Semaphore has no owner (any worker may release it), but the acquisitions a worker made and
 * never released are what its waiters wait for: when that worker has ended they will not come
 * back by themselves. Counted from the trace's acquire/release ops. Pure.
 */
import type { WorkerId } from './ids';
import type { PrimitiveView } from './runModel';
import type { PrimitiveKind } from './trace';

export const SEMAPHORE_KINDS: ReadonlySet<PrimitiveKind> = new Set<PrimitiveKind>(['semaphore', 'boundedSemaphore']);

/** Acquisitions `worker` made on `primitive` minus the releases it made (never below 0). */
export function outstandingAcquires(primitive: PrimitiveView, worker: WorkerId): number {
  let held = 0;
  for (const op of primitive.ops) {
    if (op.worker !== worker) continue;
    if (op.op === 'acquire') held++;
    else if (op.op === 'release') held--;
  }
  return Math.max(0, held);
}
