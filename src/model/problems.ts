/**
 * Findings about a run: deadlocks, hangs, lock-order inversions, dead owners. The host's
 * detectors produce them; they travel as `problem` trace events so every view (CLI, report,
 * Problems panel, trees, timeline) draws from the same objects.
 */
import type { Millis, PrimitiveId, WorkerId } from './ids';
import type { PrimitiveKind, SourceSite, WaitKind } from './trace';

export type ProblemKind = 'deadlock' | 'hang' | 'potentialDeadlock' | 'deadOwner';
export const PROBLEM_KINDS: readonly ProblemKind[] = ['deadlock', 'hang', 'potentialDeadlock', 'deadOwner'];

/** One worker stuck in a blocking call, as a problem reports it. */
export interface StuckWorker {
  readonly worker: WorkerId;
  readonly workerName: string;
  readonly wait: WaitKind;
  readonly primitive?: PrimitiveId;
  readonly primitiveName?: string;
  readonly primitiveKind?: PrimitiveKind;
  /** Where the primitive was created. */
  readonly primitiveSite?: SourceSite;
  /** Who holds what this worker waits for (for lock-likes and joins). */
  readonly heldBy?: WorkerId;
  readonly heldByName?: string;
  /** The blocking call in the user's code. */
  readonly site?: SourceSite;
  /** When the worker started waiting. */
  readonly since: Millis;
}

/** One acquisition order seen in the run, for lock-order inversions. */
export interface LockOrderEdge {
  readonly worker: WorkerId;
  readonly workerName: string;
  /** Held while acquiring `then`. */
  readonly first: PrimitiveId;
  readonly firstName: string;
  readonly then: PrimitiveId;
  readonly thenName: string;
  /** Where `first` was acquired, and where `then` was. */
  readonly firstSite?: SourceSite;
  readonly thenSite?: SourceSite;
  readonly at: Millis;
}

export interface Problem {
  /** Stable across updates of the same finding (e.g. "deadlock:4,7"). */
  readonly id: string;
  readonly kind: ProblemKind;
  readonly detectedAt: Millis;
  /** One line a person reads first: "Deadlock: Process-1 and Process-2 wait on each other's locks". */
  readonly summary: string;
  /** Deadlock and hang: the workers stuck (for a deadlock, in cycle order). */
  readonly workers: readonly StuckWorker[];
  /** Potential deadlock: the acquisition orders that form the cycle. */
  readonly orders?: readonly LockOrderEdge[];
  /** True when trace records were lost, so the verdict may be wrong. */
  readonly inconclusive?: boolean;
}
