/**
 * Deadlock: untimed waits on things with an owner (or holders) that none of those who could
 * end them can ever end: a cycle in the wait-for graph, or its generalisation when a
 * Semaphore's wait may be ended by any of its holders.
 */
import type { Millis } from '../../model/ids';
import type { Problem } from '../../model/problems';
import { findDeadlocks } from '../../model/waitForGraph';
import { siteSuffix, waitPhrase } from './describe';
import { StableFindings } from './stability';
import { publicStuck, type Blocked } from './stuckWorkers';

export class DeadlockDetector {
  private readonly stable = new StableFindings();

  /** Returns new deadlocks; `inCycle` collects every worker in a current cycle (for the hang check). */
  check(blocked: readonly Blocked[], now: Millis, inconclusive: boolean, inCycle: Set<number>): Problem[] {
    const waits = blocked.filter((b) => b.untimed).map((b) => ({ from: b.worker, releasers: b.releasers, info: b }));
    const cycles = new Map<string, Blocked[]>();
    for (const group of findDeadlocks(waits)) {
      const members = group.map((wait) => wait.info);
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
        summary: members.length === 1 ? `Deadlock: ${selfWait(members[0]!)}${siteSuffix(members[0]!)}` : `Deadlock: ${story}`,
        workers: members.map(publicStuck),
        ...(inconclusive ? { inconclusive } : {}),
      } satisfies Problem;
    });
  }
}

/** A worker that waits on itself: a Lock taken twice, or a Semaphore whose units it all holds. */
function selfWait(member: Blocked): string {
  if (member.wait === 'semaphore') return `${member.workerName} ${waitPhrase(member)}, whose every unit it holds itself`;
  return `${member.workerName} waits for a lock it already holds`;
}
