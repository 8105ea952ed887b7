/**
 * Dead owner: a worker ended while holding a Lock or RLock. Python leaves such a lock held
 * forever; Threadline says so at once instead of letting waiters hang silently.
 */
import type { Millis, WorkerId } from '../../model/ids';
import type { Problem } from '../../model/problems';
import type { RunModel } from '../../model/runModel';
import type { StuckWorkerReader } from './stuckWorkers';

export class DeadOwnerDetector {
  constructor(
    private readonly model: RunModel,
    private readonly reader: StuckWorkerReader,
  ) {}

  onExit(worker: WorkerId, at: Millis): Problem[] {
    const name = this.model.workers.get(worker)?.name ?? `#${worker}`;
    const problems: Problem[] = [];
    for (const primitive of this.model.primitives.values()) {
      if (primitive.kind !== 'lock' && primitive.kind !== 'rlock') continue;
      if (this.reader.holder(primitive.kind, primitive.id, primitive.kind) !== worker) continue;
      const exitCode = this.model.workers.get(worker)?.exitCode;
      problems.push({
        id: `deadOwner:${primitive.id}:${worker}`,
        kind: 'deadOwner',
        detectedAt: at,
        summary: `${name} ended${exitCode !== undefined ? ` (exit ${exitCode})` : ''} while holding ${primitive.kind} \`${primitive.name}\`: it stays locked, and anyone who waits for it waits forever`,
        workers: [],
      });
    }
    return problems;
  }
}
