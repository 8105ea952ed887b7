/** Deadlock: a cycle in the wait-for graph of untimed waits on things with an owner. */
import type { Millis } from '../../model/ids';
import type { Problem } from '../../model/problems';
import { findCycles, type WaitEdge } from '../../model/waitForGraph';
import { siteSuffix, waitPhrase } from './describe';
import { StableFindings } from './stability';
import { publicStuck, type Blocked } from './stuckWorkers';

export class DeadlockDetector {
  private readonly stable = new StableFindings();

  /** Returns new deadlocks; `inCycle` collects every worker in a current cycle (for the hang check). */
  check(blocked: readonly Blocked[], now: Millis, inconclusive: boolean, inCycle: Set<number>): Problem[] {
    const edges: WaitEdge<Blocked>[] = blocked
      .filter((b) => b.untimed && b.heldBy !== undefined)
      .map((b) => ({ from: b.worker, to: b.heldBy!, info: b }));
    const cycles = new Map<string, Blocked[]>();
    for (const cycle of findCycles(edges)) {
      const members = cycle.map((edge) => edge.info);
      for (const member of members) inCycle.add(member.worker);
      // The same workers stuck in the same waits (same start times) are the same deadlock.
      cycles.set(members.map((m) => `${m.worker}@${m.since}`).join(','), members);
    }
    return this.stable.update(cycles.keys(), now).map((key) => {
      const members = cycles.get(key)!;
      const story = members.map((m) => `${m.workerName} ${waitPhrase(m)}${siteSuffix(m)}`).join('; ');
      return {
        id: `deadlock:${members.map((m) => m.worker).join(',')}:${Math.round(Math.max(...members.map((m) => m.since)))}`,
        kind: 'deadlock',
        detectedAt: now,
        summary: members.length === 1 ? `Deadlock: ${members[0]!.workerName} waits for a lock it already holds${siteSuffix(members[0]!)}` : `Deadlock: ${story}`,
        workers: members.map(publicStuck),
        ...(inconclusive ? { inconclusive } : {}),
      } satisfies Problem;
    });
  }
}
