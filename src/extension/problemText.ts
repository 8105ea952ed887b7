/**
 * Words for the detectors' findings in VS Code: titles, one line per stuck worker, one per
 * acquisition order. Pure (no `vscode`), shared by the Problems view, the Problems panel's
 * diagnostics and the notification.
 */
import type { LockOrderEdge, Problem, ProblemKind, StuckWorker } from '../model/problems';
import type { SourceSite } from '../model/trace';

export const PROBLEM_TITLE: Record<ProblemKind, string> = {
  deadlock: 'Deadlock',
  hang: 'Hang',
  potentialDeadlock: 'Potential deadlock',
  deadOwner: 'Lock held by an ended worker',
};

/** Most urgent first: what stops the program before what might. */
export const PROBLEM_ORDER: Record<ProblemKind, number> = { deadlock: 0, hang: 1, deadOwner: 2, potentialDeadlock: 3 };

export function sortedProblems(problems: Iterable<Problem>): Problem[] {
  return [...problems].sort((a, b) => PROBLEM_ORDER[a.kind] - PROBLEM_ORDER[b.kind] || a.detectedAt - b.detectedAt);
}

/** "Process-1 waits for lock `b` held by Process-2", "MainProcess joins Process-1". */
export function stuckPhrase(stuck: StuckWorker): string {
  if (stuck.wait === 'join') return `${stuck.workerName} joins ${stuck.primitiveName ?? 'a process'}, which has not ended`;
  const what = stuck.primitiveName !== undefined ? `${stuck.primitiveKind ?? ''} \`${stuck.primitiveName}\``.trim() : stuck.wait;
  const held = stuck.heldByName !== undefined ? ` held by ${stuck.heldByName}` : '';
  const verb = stuck.wait === 'lock' || stuck.wait === 'rlock' || stuck.wait === 'semaphore' ? 'waits for' : 'waits on';
  return `${stuck.workerName} ${verb} ${what}${held}`;
}

/** "Process-1 takes `a` then `b`". */
export function orderPhrase(order: LockOrderEdge): string {
  return `${order.workerName} takes \`${order.firstName}\` then \`${order.thenName}\``;
}

/** "lock-order-deadlock.ts:12" */
export function siteLabel(site: SourceSite | undefined): string {
  if (!site) return 'unknown line';
  return `${site.file.slice(site.file.lastIndexOf('/') + 1)}:${site.line}`;
}

/** The first source line a person should look at for this problem. */
export function firstSite(problem: Problem): SourceSite | undefined {
  return problem.workers.find((w) => w.site)?.site ?? problem.orders?.find((o) => o.thenSite)?.thenSite;
}
