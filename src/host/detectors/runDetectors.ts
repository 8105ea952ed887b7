/**
 * All of a run's detectors behind one door: the supervisor feeds it events and drain passes,
 * and gets back findings to publish as `problem` events.
 */
import type { Millis, PrimitiveId, WorkerId } from '../../model/ids';
import type { Problem } from '../../model/problems';
import type { PassedWait } from '../../model/records';
import type { RunModel, WorkerView } from '../../model/runModel';
import type { OpKind, SourceSite, TraceEvent } from '../../model/trace';
import { DeadlockDetector } from './deadlockDetector';
import { DeadOwnerDetector } from './deadOwnerDetector';
import { HangDetector } from './hangDetector';
import { LockOrderDetector } from './lockOrderDetector';
import { StuckWorkerReader, type PoolBacklogReader } from './stuckWorkers';

export class RunDetectors {
  private readonly reader: StuckWorkerReader;
  private readonly deadlocks = new DeadlockDetector();
  private readonly hangs = new HangDetector();
  private readonly lockOrder: LockOrderDetector;
  private readonly deadOwners: DeadOwnerDetector;

  constructor(
    private readonly model: RunModel,
    arena: Int32Array,
    poolBacklog?: PoolBacklogReader,
  ) {
    this.reader = new StuckWorkerReader(model, arena, poolBacklog);
    this.lockOrder = new LockOrderDetector(model);
    this.deadOwners = new DeadOwnerDetector(model, this.reader);
  }

  /** After the event was applied to the model. */
  observe(event: TraceEvent): Problem | undefined {
    if (event.t === 'op') return this.lockOrder.observe(event);
    if (event.t === 'waitBegin') return this.lockOrder.observeAttempt(event);
    return undefined;
  }

  /** A wait on a Lock or RLock that was over when written, as its events would have been observed. */
  observePassedLockWait(worker: WorkerId, passed: PassedWait): Problem[] {
    if (passed.primitive === undefined || (passed.wait !== 'lock' && passed.wait !== 'rlock')) return [];
    const found: Problem[] = [];
    const attempt = this.lockOrder.observeAttemptOn(worker, passed.primitive, passed.began, undefined);
    if (attempt) found.push(attempt);
    const acquire = passed.acquireSeq !== undefined ? this.lockOrder.observeOp(worker, passed.primitive, 'acquire', passed.end, undefined) : undefined;
    if (acquire) found.push(acquire);
    return found;
  }

  /** A Lock or RLock op, from its record's fields (see LockOrderDetector.observeOp). */
  observeLockOp(worker: WorkerId, lock: PrimitiveId, op: OpKind, at: Millis, site: SourceSite | undefined): Problem | undefined {
    return this.lockOrder.observeOp(worker, lock, op, at, site);
  }

  onExit(worker: WorkerId, at: Millis): Problem[] {
    return this.deadOwners.onExit(worker, at);
  }

  /** One pass over the current waits. */
  check(now: Millis, isLive: (worker: WorkerView) => boolean, spawnsPending: boolean): Problem[] {
    const { blocked, live } = this.reader.blocked(isLive);
    const inconclusive = this.model.totalDropped() > 0;
    const inCycle = new Set<number>();
    const found = this.deadlocks.check(blocked, now, inconclusive, inCycle);
    return [...found, ...this.hangs.check(blocked, live, now, inconclusive, inCycle, spawnsPending), ...this.deadOwners.check(blocked, now)];
  }
}
