/**
 * What the three Threadline trees share: they show the current session, re-read it when it
 * changes (at most ~5 times a second, so a busy run never makes them flicker), keep durations
 * ticking while a run is live and the view is visible, and say in the view's message what the
 * items alone would not (starting…, loaded from a trace, could not start).
 */
import * as vscode from 'vscode';
import { DisposableStore } from './disposables';
import type { RunSessions } from './runSessions';
import type { Session } from './session';
import { Throttle } from './throttle';

/** At most ~5 refreshes a second while events stream in. */
export const REFRESH_INTERVAL_MS = 200;
/** While a run is live and the view visible, durations tick on even when no event arrives. */
const TICK_INTERVAL_MS = 1000;

export abstract class SessionTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  protected readonly store = new DisposableStore();
  private readonly changeEmitter = this.store.add(new vscode.EventEmitter<T | undefined>());
  private readonly refreshThrottle = this.store.add(new Throttle(() => this.changeEmitter.fire(undefined), REFRESH_INTERVAL_MS));
  /** How many times VS Code was told to re-read the whole tree (tests check the batching). */
  refreshCount = 0;

  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(protected readonly sessions: RunSessions) {
    this.store.add(this.changeEmitter.event(() => this.refreshCount++));
    this.store.add(sessions.onDidStart(() => this.refreshNow()));
    this.store.add(sessions.onDidChange(() => this.refresh()));
    this.store.add(sessions.onDidEnd(() => this.refreshNow()));
  }

  /** Asks VS Code to re-read the items (throttled). */
  refresh(): void {
    this.refreshThrottle.schedule();
  }

  abstract getChildren(element?: T): T[];
  abstract getTreeItem(element: T): vscode.TreeItem;

  dispose(): void {
    this.store.dispose();
  }

  protected refreshNow(): void {
    this.refreshThrottle.schedule();
    this.refreshThrottle.flush();
  }
}

/** What a view says above its items when the items alone would not explain the session. */
export function sessionMessage(session: Session | undefined): string | undefined {
  if (!session) return undefined;
  if (session.end?.error && session.kind === 'run') return `${session.label}: ${session.end.error}`;
  if (session.kind === 'trace') return `${session.label}: a finished run, loaded from its trace`;
  if (session.isLive && session.model.workers.size === 0) return `Starting ${session.label}…`;
  return undefined;
}

export interface SessionTreeOptions<T> {
  readonly id: string;
  readonly provider: SessionTreeProvider<T>;
  /** The view's message; `sessionMessage` unless given. */
  readonly message?: (session: Session | undefined) => string | undefined;
  readonly showCollapseAll?: boolean;
}

export function registerSessionTree<T>(context: vscode.ExtensionContext, sessions: RunSessions, options: SessionTreeOptions<T>): vscode.TreeView<T> {
  const { provider } = options;
  const view = vscode.window.createTreeView(options.id, { treeDataProvider: provider, showCollapseAll: options.showCollapseAll ?? false });
  context.subscriptions.push(provider, view);

  const messageOf = options.message ?? sessionMessage;
  const updateMessage = () => {
    // Assigned only on change: this runs for every batch of events.
    const message = messageOf(sessions.current);
    if (view.message !== message) view.message = message;
  };
  context.subscriptions.push(sessions.onDidStart(updateMessage), sessions.onDidChange(updateMessage), sessions.onDidEnd(updateMessage));

  // Durations ("waiting on event · 1.2 s") keep counting while nothing else happens, but only
  // while someone can see them.
  let tick: NodeJS.Timeout | undefined;
  const updateTicking = () => {
    const wanted = view.visible && sessions.live !== undefined;
    if (wanted && !tick) tick = setInterval(() => provider.refresh(), TICK_INTERVAL_MS);
    if (!wanted && tick) {
      clearInterval(tick);
      tick = undefined;
    }
  };
  context.subscriptions.push(
    view.onDidChangeVisibility(updateTicking),
    sessions.onDidStart(updateTicking),
    sessions.onDidEnd(updateTicking),
    { dispose: () => tick && clearInterval(tick) },
  );
  return view;
}
