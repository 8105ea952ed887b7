/**
 * Which lock acquisitions carry a call site. A stack capture costs microseconds, so it is
 * never taken on every acquire: only on the first acquisition of a lock by this worker (a
 * representative site for "where this lock is taken") and on every acquisition made while
 * the worker already holds another lock (the nested acquisitions lock-order checks are about).
 */
import type { SourceSite } from '../model/trace';
import { captureUserSite } from './callSite';

let held = 0;

export function siteForAcquire(firstTimeHere: boolean): SourceSite | undefined {
  return firstTimeHere || held > 0 ? captureUserSite() : undefined;
}

/** True while this worker holds some lock. */
export function lockHeld(): boolean {
  return held > 0;
}

export function noteAcquired(): void {
  held++;
}

export function noteReleased(): void {
  if (held > 0) held--;
}
