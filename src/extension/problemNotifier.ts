/**
 * Says so when a live run deadlocks or hangs: one notification per finding, with "Show in
 * Panel" and "Go to Source". With `threadline.stopOnDeadlock` the run is stopped at once;
 * otherwise it stays inspectable until the user stops it. Loaded traces never notify.
 */
import * as vscode from 'vscode';
import type { Problem } from '../model/problems';
import { DisposableStore } from './disposables';
import type { PanelHost } from './panel';
import { firstSite, PROBLEM_TITLE } from './problemText';
import type { RunSessions } from './runSessions';
import { readSettings } from './settings';
import { revealSite } from './sourceLinks';

const NOTIFIED_KINDS: ReadonlySet<Problem['kind']> = new Set(['deadlock', 'hang']);
const SHOW_IN_PANEL = 'Show in Panel';
const GO_TO_SOURCE = 'Go to Source';

export interface Notice {
  readonly sessionId: number;
  readonly problem: Problem;
  readonly message: string;
  readonly stopped: boolean;
}

export class ProblemNotifier implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly seen = new Set<string>();
  /** Every notification shown, in order (tests read it; the toasts themselves are not readable). */
  readonly notices: Notice[] = [];

  constructor(
    private readonly sessions: RunSessions,
    private readonly panel: PanelHost,
  ) {
    this.store.add(sessions.onDidStart(() => this.seen.clear()));
    this.store.add(sessions.onDidChange(({ session, events }) => {
      if (session !== sessions.live) return;
      for (const event of events) if (event.t === 'problem') this.consider(session.sessionId, event.problem);
    }));
  }

  private consider(sessionId: number, problem: Problem): void {
    if (!NOTIFIED_KINDS.has(problem.kind) || this.seen.has(problem.id)) return;
    this.seen.add(problem.id);
    const stop = readSettings().stopOnDeadlock;
    if (stop) this.sessions.stopCurrent();
    const message = `Threadline: ${PROBLEM_TITLE[problem.kind].toLowerCase()}. ${problem.summary}${stop ? ' The run was stopped (threadline.stopOnDeadlock).' : ''}`;
    this.notices.push({ sessionId, problem, message, stopped: stop });
    const site = firstSite(problem);
    const actions = site ? [SHOW_IN_PANEL, GO_TO_SOURCE] : [SHOW_IN_PANEL];
    const shown = problem.kind === 'deadlock' ? vscode.window.showErrorMessage(message, ...actions) : vscode.window.showWarningMessage(message, ...actions);
    void shown.then((choice) => {
      if (choice === SHOW_IN_PANEL) this.panel.show(false);
      else if (choice === GO_TO_SOURCE && site) void revealSite(site);
    });
  }

  dispose(): void {
    this.store.dispose();
  }
}

export function registerProblemNotifier(context: vscode.ExtensionContext, sessions: RunSessions, panel: PanelHost): ProblemNotifier {
  const notifier = new ProblemNotifier(sessions, panel);
  context.subscriptions.push(notifier);
  return notifier;
}
