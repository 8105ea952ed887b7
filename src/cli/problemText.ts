/** A finding as terminal text: the story first, then each stuck call as `file:line:col`. */
import type { Problem, StuckWorker } from '../model/problems';
import type { SourceSite } from '../model/trace';
import { formatMs } from './format';

const TITLE: Record<Problem['kind'], string> = {
  deadlock: 'DEADLOCK',
  hang: 'HANG',
  potentialDeadlock: 'POTENTIAL DEADLOCK',
  deadOwner: 'LOCK HELD BY A DEAD WORKER',
};

export function renderProblem(problem: Problem, relativeTo: string): string {
  const where = (site: SourceSite | undefined) => (site ? `${relative(site.file, relativeTo)}:${site.line}:${site.column}` : 'unknown location');
  const lines = [`threadline: ${TITLE[problem.kind]} found at ${formatMs(problem.detectedAt)}${problem.inconclusive ? ' (inconclusive: trace records were lost)' : ''}`];
  lines.push(`  ${problem.summary}`);
  for (const stuck of problem.workers) lines.push(`  ${stuckLine(stuck)}`, `      at ${where(stuck.site)}`);
  for (const order of problem.orders ?? []) {
    lines.push(`  ${order.workerName}: \`${order.firstName}\` (taken at ${where(order.firstSite)})`, `      then \`${order.thenName}\` at ${where(order.thenSite)}`);
  }
  return lines.join('\n');
}

function stuckLine(stuck: StuckWorker): string {
  if (stuck.wait === 'join') return `${stuck.workerName} joins ${stuck.primitiveName ?? 'a process'}, which has not ended`;
  const what = stuck.primitiveName !== undefined ? `${stuck.primitiveKind ?? ''} \`${stuck.primitiveName}\``.trim() : stuck.wait;
  return `${stuck.workerName} waits for ${what}${stuck.heldByName !== undefined ? `, held by ${stuck.heldByName}` : ''}`;
}

function relative(file: string, base: string): string {
  return file.startsWith(`${base}/`) ? file.slice(base.length + 1) : file;
}
