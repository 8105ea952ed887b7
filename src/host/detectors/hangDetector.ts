/**
 * Hang: every live worker is blocked with no timeout and no deadlock explains it (an event
 * nobody will set, a queue nobody fills, a barrier short of parties): no progress is possible.
 */
import type { Millis } from '../../model/ids';
import type { Problem } from '../../model/problems';
import { siteSuffix, waitPhrase } from './describe';
import { StableFindings } from './stability';
import { publicStuck, type Blocked } from './stuckWorkers';

/** Longer than a deadlock's: a process just started may not have reached the host yet. */
const HANG_STABLE_MS = 100;

export class HangDetector {
  private readonly stable = new StableFindings();

  check(blocked: readonly Blocked[], live: number, now: Millis, inconclusive: boolean, inCycle: ReadonlySet<number>, spawnsPending: boolean): Problem[] {
    const stuck = blocked.filter((b) => b.untimed);
    const allStuck = live > 0 && stuck.length === live && !spawnsPending && !stuck.some((b) => inCycle.has(b.worker));
    const key = allStuck ? stuck.map((b) => `${b.worker}@${b.since}`).join(',') : undefined;
    return this.stable.update(key ? [key] : [], now, HANG_STABLE_MS).map(() => ({
      id: `hang:${Math.round(Math.max(...stuck.map((b) => b.since)))}`,
      kind: 'hang',
      detectedAt: now,
      summary: `Hang: every live worker is blocked with no timeout — ${stuck.map((b) => `${b.workerName} ${waitPhrase(b)}${siteSuffix(b)}`).join('; ')}`,
      workers: stuck.map(publicStuck),
      ...(inconclusive ? { inconclusive } : {}),
    }));
  }
}
