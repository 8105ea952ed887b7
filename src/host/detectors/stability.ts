/**
 * A finding must hold for a while before it is reported: rings drain one after another, so one
 * pass can see a wait whose end is not drained yet. Holding for STABLE_MS across passes rules
 * that out (a drain pass runs every few ms) at a small, bounded cost in latency.
 */
export const STABLE_MS = 20;

export class StableFindings {
  private firstSeen = new Map<string, number>();
  private readonly reported = new Set<string>();

  /** Keys seen in this pass; returns those now stable and not yet reported. */
  update(keys: Iterable<string>, now: number, stableMs = STABLE_MS): string[] {
    const next = new Map<string, number>();
    const ready: string[] = [];
    for (const key of keys) {
      const since = this.firstSeen.get(key) ?? now;
      next.set(key, since);
      if (now - since >= stableMs && !this.reported.has(key)) {
        this.reported.add(key);
        ready.push(key);
      }
    }
    this.firstSeen = next;
    return ready;
  }
}
