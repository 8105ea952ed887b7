/**
 * The status bar item: while a run is live it counts workers by state
 * ("$(pulse) Threadline: 3 running · 2 waiting", in error colours with "deadlock" once one is
 * found); when the run ends it shows the exit code for
 * a few seconds, then hides. A click shows the panel.
 */
import * as vscode from 'vscode';
import type { RunEnd } from '../model/messages';
import { DisposableStore, MutableDisposable, disposableTimer } from './disposables';
import type { Session } from './session';
import type { RunSessions } from './runSessions';
import { Throttle } from './throttle';
import { countLiveStates } from './workerText';

const REFRESH_INTERVAL_MS = 200;
/** How long the final exit code stays in the status bar. */
const END_NOTICE_MS = 5000;

export function registerStatusBar(context: vscode.ExtensionContext, sessions: RunSessions): vscode.StatusBarItem {
  const store = new DisposableStore();
  context.subscriptions.push(store);
  const item = store.add(vscode.window.createStatusBarItem('threadline.status', vscode.StatusBarAlignment.Left, 10));
  item.name = 'Threadline';
  item.command = 'threadline.showPanel';
  const hideLater = store.add(new MutableDisposable());

  const showLive = () => {
    const session = sessions.live;
    if (!session) return;
    hideLater.value = undefined;
    const stuck = worstProblem(session);
    const icon = stuck === 'deadlock' ? 'error' : stuck === 'hang' ? 'warning' : 'pulse';
    item.text = `$(${icon}) Threadline: ${stuck ? `${stuck} · ` : ''}${liveSummary(session)}`;
    item.tooltip = `Threadline is running ${session.programPath}${stuck ? ` and found a ${stuck}` : ''}. Click to show the panel.`;
    item.backgroundColor = stuck ? new vscode.ThemeColor(stuck === 'deadlock' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground') : undefined;
    item.show();
  };
  const throttle = store.add(new Throttle(showLive, REFRESH_INTERVAL_MS));

  const showEnd = (session: Session) => {
    const end = session.end;
    if (!end || sessions.current !== session) return;
    const ok = end.exitCode === 0 && !end.error;
    item.text = `$(${ok ? 'pass' : 'error'}) Threadline: ${endWords[end.reason]}${end.reason === 'exited' ? ` ${end.exitCode}` : ''}`;
    item.tooltip = end.error ?? `The run ended with exit code ${end.exitCode}. Click to show the panel.`;
    item.backgroundColor = ok ? undefined : new vscode.ThemeColor('statusBarItem.errorBackground');
    item.show();
    hideLater.value = disposableTimer(setTimeout(() => item.hide(), END_NOTICE_MS));
  };

  store.add(sessions.onDidStart(showLive));
  store.add(
    sessions.onDidChange(({ events }) => {
      throttle.schedule();
      // A deadlock or hang shows at once, not up to one interval later.
      if (events.some((event) => event.t === 'problem')) throttle.flush();
    }),
  );
  store.add(sessions.onDidEnd(showEnd));
  return item;
}

const endWords: Record<RunEnd['reason'], string> = { exited: 'exit', stopped: 'stopped', failedToStart: 'failed to start' };

function liveSummary(session: Session): string {
  const counts = countLiveStates(session.model);
  if (counts.length === 0) return 'starting…';
  return counts.map(([state, count]) => `${count} ${state}`).join(' · ');
}

/** A deadlock or hang found in this run, the worse one first: the status bar says so in colour. */
function worstProblem(session: Session): 'deadlock' | 'hang' | undefined {
  let found: 'deadlock' | 'hang' | undefined;
  for (const problem of session.model.problems.values()) {
    if (problem.kind === 'deadlock') return 'deadlock';
    if (problem.kind === 'hang') found = 'hang';
  }
  return found;
}
