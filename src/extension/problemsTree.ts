/**
 * The Problems view: the detectors' findings for the current session, most urgent first
 * (deadlocks, hangs, dead owners, potential deadlocks). Each expands to the workers stuck and
 * the line of each blocked call, or for a lock-order inversion to each order and both of its
 * acquisition lines; a click opens the line.
 */
import * as vscode from 'vscode';
import type { LockOrderEdge, Problem, ProblemKind, StuckWorker } from '../model/problems';
import type { SourceSite } from '../model/trace';
import { firstSite, orderPhrase, PROBLEM_TITLE, siteLabel, sortedProblems, stuckPhrase } from './problemText';
import type { RunSessions } from './runSessions';
import type { Session } from './session';
import { registerSessionTree, SessionTreeProvider } from './sessionTree';
import { openSiteCommand } from './sourceLinks';
import { formatDuration } from './workerText';

export const PROBLEMS_VIEW_ID = 'threadline.problems';

export type ProblemsNode =
  | { readonly type: 'problem'; readonly session: Session; readonly problem: string }
  | { readonly type: 'stuck'; readonly session: Session; readonly problem: string; readonly index: number }
  | { readonly type: 'order'; readonly session: Session; readonly problem: string; readonly index: number }
  | { readonly type: 'acquisition'; readonly session: Session; readonly problem: string; readonly index: number; readonly which: 'first' | 'then' };

export const PROBLEM_ICON: Record<ProblemKind, readonly [icon: string, color: string]> = {
  deadlock: ['error', 'problemsErrorIcon.foreground'],
  hang: ['debug-pause', 'problemsWarningIcon.foreground'],
  deadOwner: ['warning', 'problemsWarningIcon.foreground'],
  potentialDeadlock: ['warning', 'problemsWarningIcon.foreground'],
};

export class ProblemsTreeProvider extends SessionTreeProvider<ProblemsNode> {
  getChildren(element?: ProblemsNode): ProblemsNode[] {
    const session = this.sessions.current;
    if (!session) return [];
    if (!element) return sortedProblems(session.model.problems.values()).map((p) => ({ type: 'problem', session, problem: p.id }));
    const problem = session.model.problems.get(element.problem);
    if (!problem) return [];
    if (element.type === 'problem') {
      return [
        ...problem.workers.map((_, index): ProblemsNode => ({ type: 'stuck', session, problem: problem.id, index })),
        ...(problem.orders ?? []).map((_, index): ProblemsNode => ({ type: 'order', session, problem: problem.id, index })),
      ];
    }
    if (element.type === 'order') {
      return (['first', 'then'] as const).map((which) => ({ type: 'acquisition', session, problem: problem.id, index: element.index, which }));
    }
    return [];
  }

  getParent(element: ProblemsNode): ProblemsNode | undefined {
    const { session } = element;
    switch (element.type) {
      case 'problem':
        return undefined;
      case 'stuck':
      case 'order':
        return { type: 'problem', session, problem: element.problem };
      case 'acquisition':
        return { type: 'order', session, problem: element.problem, index: element.index };
    }
  }

  getTreeItem(element: ProblemsNode): vscode.TreeItem {
    const problem = element.session.model.problems.get(element.problem);
    if (!problem) return new vscode.TreeItem(element.problem);
    const base = `${element.session.sessionId}/${problem.id}`;
    switch (element.type) {
      case 'problem':
        return withId(problemItem(problem), base);
      case 'stuck': {
        const stuck = problem.workers[element.index];
        return withId(stuck ? stuckItem(stuck, element.session) : new vscode.TreeItem('?'), `${base}/w${element.index}`);
      }
      case 'order': {
        const order = problem.orders?.[element.index];
        return withId(order ? orderItem(order) : new vscode.TreeItem('?'), `${base}/o${element.index}`);
      }
      case 'acquisition': {
        const order = problem.orders?.[element.index];
        return withId(order ? acquisitionItem(order, element.which) : new vscode.TreeItem('?'), `${base}/o${element.index}/${element.which}`);
      }
    }
  }
}

function withId(item: vscode.TreeItem, id: string): vscode.TreeItem {
  item.id = id;
  return item;
}

function problemItem(problem: Problem): vscode.TreeItem {
  const item = new vscode.TreeItem(PROBLEM_TITLE[problem.kind], vscode.TreeItemCollapsibleState.Expanded);
  const who = problem.workers.length > 0 ? problem.workers.map((w) => w.workerName) : [...new Set((problem.orders ?? []).map((o) => o.workerName))];
  item.description = `${who.join(', ')} · at ${formatDuration(problem.detectedAt)}${problem.inconclusive ? ' · inconclusive' : ''}`;
  const [icon, color] = PROBLEM_ICON[problem.kind];
  item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  item.tooltip = problem.inconclusive ? `${problem.summary}\n\nTrace records were lost: this verdict may be wrong.` : problem.summary;
  item.contextValue = `threadline.problem.${problem.kind}`;
  const site = firstSite(problem);
  if (site) item.command = openSiteCommand(site, 'Show the first line involved');
  return item;
}

function stuckItem(stuck: StuckWorker, session: Session): vscode.TreeItem {
  const item = new vscode.TreeItem(stuckPhrase(stuck));
  item.description = `${siteLabel(stuck.site)} · ${formatDuration(session.now() - stuck.since)}`;
  item.iconPath = new vscode.ThemeIcon(stuck.wait === 'lock' || stuck.wait === 'rlock' || stuck.wait === 'semaphore' ? 'lock' : 'watch');
  item.tooltip = siteTooltip(stuckPhrase(stuck), stuck.site, stuck.primitiveSite);
  item.contextValue = 'threadline.problem.worker';
  if (stuck.site) item.command = openSiteCommand(stuck.site, 'Show the blocked call');
  return item;
}

function orderItem(order: LockOrderEdge): vscode.TreeItem {
  const item = new vscode.TreeItem(orderPhrase(order), vscode.TreeItemCollapsibleState.Expanded);
  item.description = `${siteLabel(order.firstSite)} → ${siteLabel(order.thenSite)}`;
  item.iconPath = new vscode.ThemeIcon('arrow-right');
  if (order.thenSite) item.command = openSiteCommand(order.thenSite, 'Show the second acquisition');
  return item;
}

function acquisitionItem(order: LockOrderEdge, which: 'first' | 'then'): vscode.TreeItem {
  const [name, site] = which === 'first' ? [order.firstName, order.firstSite] : [order.thenName, order.thenSite];
  const label = which === 'first' ? `takes \`${name}\`` : `then takes \`${name}\` while holding \`${order.firstName}\``;
  const item = new vscode.TreeItem(label);
  item.description = siteLabel(site);
  item.iconPath = new vscode.ThemeIcon('debug-stackframe-dot');
  if (site) item.command = openSiteCommand(site, 'Show the acquisition');
  return item;
}

function siteTooltip(text: string, site: SourceSite | undefined, createdAt: SourceSite | undefined): string {
  const lines = [text, `at ${site ? `${site.file}:${site.line}:${site.column}` : 'an unknown line'}`];
  if (createdAt) lines.push(`created at ${createdAt.file}:${createdAt.line}`);
  return lines.join('\n');
}

/** The view's message says how many findings there are, or that a finished run had none. */
function problemsMessage(session: Session | undefined): string | undefined {
  if (!session || session.isLive) return undefined;
  return session.model.problems.size === 0 ? `No deadlocks, hangs or lock-order inversions in ${session.label}.` : undefined;
}

export function registerProblemsTree(context: vscode.ExtensionContext, sessions: RunSessions): { provider: ProblemsTreeProvider; view: vscode.TreeView<ProblemsNode> } {
  const provider = new ProblemsTreeProvider(sessions);
  const view = registerSessionTree(context, sessions, { id: PROBLEMS_VIEW_ID, provider, message: problemsMessage });
  // The count on the view's title, so a collapsed Problems view still says something is wrong.
  const updateBadge = () => {
    const count = sessions.current?.model.problems.size ?? 0;
    if ((view.badge?.value ?? 0) === count) return;
    view.badge = count > 0 ? { value: count, tooltip: `${count} finding${count === 1 ? '' : 's'} in this run` } : undefined;
  };
  context.subscriptions.push(sessions.onDidStart(updateBadge), sessions.onDidChange(updateBadge), sessions.onDidEnd(updateBadge));
  return { provider, view };
}
