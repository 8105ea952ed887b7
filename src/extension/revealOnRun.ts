/**
 * Brings the Threadline views into sight when there is something to see: the Workers view when
 * a run's first worker appears (it would otherwise sit collapsed under Run and Debug's own
 * welcome), the Problems view when a deadlock or hang is found. Never takes the keyboard focus
 * and never selects anything; once per session, so a user who collapses a view keeps it so.
 */
import type * as vscode from 'vscode';
import { DisposableStore } from './disposables';
import type { ProblemsNode } from './problemsTree';
import type { RunSessions } from './runSessions';
import type { Session } from './session';
import type { WorkersNode } from './workersTree';

export function registerRevealOnRun(
  context: vscode.ExtensionContext,
  sessions: RunSessions,
  workers: { provider: vscode.TreeDataProvider<WorkersNode>; view: vscode.TreeView<WorkersNode> },
  problems: { provider: vscode.TreeDataProvider<ProblemsNode>; view: vscode.TreeView<ProblemsNode> },
): void {
  const store = new DisposableStore();
  context.subscriptions.push(store);
  let workersShownFor: Session | undefined;
  let problemsShownFor: Session | undefined;

  const reveal = <T>(tree: { provider: vscode.TreeDataProvider<T>; view: vscode.TreeView<T> }, pick: (roots: T[]) => T | undefined) => {
    const roots = tree.provider.getChildren() as T[];
    const target = pick(roots);
    // A rejected reveal (the view was disposed, the element went away) is not worth a toast.
    if (target !== undefined) void Promise.resolve(tree.view.reveal(target, { select: false, focus: false, expand: true })).catch(() => undefined);
  };

  const update = (session: Session | undefined) => {
    if (!session || session !== sessions.current) return;
    if (workersShownFor !== session && session.model.workers.size > 0) {
      workersShownFor = session;
      if (!workers.view.visible) reveal(workers, (roots) => roots[0]);
    }
    const urgent = [...session.model.problems.values()].some((p) => p.kind === 'deadlock' || p.kind === 'hang');
    if (problemsShownFor !== session && urgent) {
      problemsShownFor = session;
      reveal(problems, (roots) => roots[0]);
    }
  };
  store.add(sessions.onDidStart((session) => update(session)));
  store.add(sessions.onDidChange(({ session }) => update(session)));
}
