/**
 * The Workers view (Run and Debug sidebar): every worker of the current run, processes under
 * the worker that started them, each saying what it does now and for how long. Items are
 * computed from the live RunModel whenever VS Code asks, so a refresh is only a nudge; the
 * nudges are throttled so a busy run never makes the tree flicker.
 */
import * as vscode from 'vscode';
import type { WorkerId } from '../model/ids';
import type { WorkerState, WorkerView } from '../model/runModel';
import { DisposableStore } from './disposables';
import type { RunSession } from './runSession';
import type { RunSessions } from './runSessions';
import { Throttle } from './throttle';
import { describeWorker } from './workerText';

export const WORKERS_VIEW_ID = 'threadline.workers';
/** At most ~5 refreshes a second while events stream in. */
const REFRESH_INTERVAL_MS = 200;
/** While a run is live and the view visible, durations tick on even when no event arrives. */
const TICK_INTERVAL_MS = 1000;

/** The key of top-level workers in the child index. */
const ROOT = 'root';

/** A tree element: one worker of one session. Kept per worker so element identity is stable. */
export interface WorkerNode {
  readonly session: RunSession;
  readonly worker: WorkerId;
}

const stateIcon: Record<WorkerState, readonly [icon: string, color: string]> = {
  running: ['debug-start', 'charts.green'],
  waiting: ['watch', 'charts.yellow'],
  blocked: ['lock', 'charts.red'],
  sleeping: ['clock', 'charts.blue'],
  done: ['pass', 'charts.green'],
  failed: ['error', 'errorForeground'],
};

export class WorkersTreeProvider implements vscode.TreeDataProvider<WorkerNode>, vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly changeEmitter = this.store.add(new vscode.EventEmitter<WorkerNode | undefined>());
  private readonly refreshThrottle = this.store.add(new Throttle(() => this.changeEmitter.fire(undefined), REFRESH_INTERVAL_MS));
  private nodes = new Map<WorkerId, WorkerNode>();
  private children: { session: RunSession; eventCount: number; index: ReadonlyMap<WorkerId | typeof ROOT, readonly WorkerId[]> } | undefined;
  private nodesSession: RunSession | undefined;

  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly sessions: RunSessions) {
    this.store.add(sessions.onDidStart(() => this.refreshNow()));
    this.store.add(sessions.onDidChange(() => this.refreshThrottle.schedule()));
    this.store.add(sessions.onDidEnd(() => this.refreshNow()));
  }

  /** Asks VS Code to re-read the items (throttled). */
  refresh(): void {
    this.refreshThrottle.schedule();
  }

  getChildren(element?: WorkerNode): WorkerNode[] {
    const session = this.sessions.current;
    if (!session) return [];
    const children = this.childIndex(session).get(element?.worker ?? ROOT) ?? [];
    return children.map((id) => this.node(session, id));
  }

  getParent(element: WorkerNode): WorkerNode | undefined {
    const parent = element.session.model.workers.get(element.worker)?.parent;
    return parent !== undefined && element.session.model.workers.has(parent) ? this.node(element.session, parent) : undefined;
  }

  getTreeItem(element: WorkerNode): vscode.TreeItem {
    const { session } = element;
    const { model } = session;
    const worker = model.workers.get(element.worker);
    if (!worker) return new vscode.TreeItem(`#${element.worker}`);
    const hasChildren = (this.childIndex(session).get(worker.id)?.length ?? 0) > 0;
    const item = new vscode.TreeItem(
      worker.name,
      // MainProcess is always expandable: its processes usually arrive a moment after it.
      hasChildren || worker.role === 'main' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    // Per run, so a new run starts with fresh expansion state; per worker, so refreshes keep it.
    item.id = `${session.sessionId}/${worker.id}`;
    const current = model.currentState(worker);
    item.description = describeWorker(model, worker, session.now());
    const [icon, color] = stateIcon[current.state];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.contextValue = `threadline.worker.${current.state}`;
    item.tooltip = tooltip(worker, item.description);
    const site = current.site;
    if (site) {
      const position = new vscode.Position(site.line - 1, site.column - 1);
      item.command = {
        command: 'vscode.open',
        title: 'Show where it waits',
        arguments: [vscode.Uri.file(site.file), { selection: new vscode.Range(position, position) } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return item;
  }

  dispose(): void {
    this.store.dispose();
  }

  private refreshNow(): void {
    this.refreshThrottle.schedule();
    this.refreshThrottle.flush();
  }

  /**
   * Children of every worker (ROOT for the top level), sorted by id. Rebuilt only when the
   * model has changed, so a refresh of a big pool costs one pass, not one pass per item.
   */
  private childIndex(session: RunSession): ReadonlyMap<WorkerId | typeof ROOT, readonly WorkerId[]> {
    const cached = this.children;
    if (cached && cached.session === session && cached.eventCount === session.model.eventCount) return cached.index;
    const { workers } = session.model;
    const index = new Map<WorkerId | typeof ROOT, WorkerId[]>();
    const sorted = [...workers.values()].sort((a, b) => a.id - b.id);
    for (const worker of sorted) {
      // A parent we never heard of (its start record was lost) must not hide its children.
      const key = worker.parent !== undefined && workers.has(worker.parent) ? worker.parent : ROOT;
      const siblings = index.get(key);
      if (siblings) siblings.push(worker.id);
      else index.set(key, [worker.id]);
    }
    this.children = { session, eventCount: session.model.eventCount, index };
    return index;
  }

  private node(session: RunSession, worker: WorkerId): WorkerNode {
    if (this.nodesSession !== session) {
      this.nodes = new Map();
      this.nodesSession = session;
    }
    let node = this.nodes.get(worker);
    if (!node) {
      node = { session, worker };
      this.nodes.set(worker, node);
    }
    return node;
  }
}

function tooltip(worker: WorkerView, description: string): string {
  const lines = [`${worker.name}: ${description}`];
  if (worker.target) lines.push(`target: ${worker.target}`);
  if (worker.daemon) lines.push('daemon');
  if (worker.dropped > 0) lines.push(`${worker.dropped} trace records lost`);
  if (worker.error) lines.push('', worker.error);
  return lines.join('\n');
}

/** What the view says above its items when the items alone would not explain the run. */
function viewMessage(session: RunSession | undefined): string | undefined {
  if (!session) return undefined;
  const name = session.programPath.split(/[\\/]/).pop() ?? session.programPath;
  if (session.end?.error) return `${name}: ${session.end.error}`;
  if (session.isLive && session.model.workers.size === 0) return `Starting ${name}…`;
  return undefined;
}

export function registerWorkersTree(context: vscode.ExtensionContext, sessions: RunSessions): WorkersTreeProvider {
  const provider = new WorkersTreeProvider(sessions);
  const view = vscode.window.createTreeView(WORKERS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: false });
  context.subscriptions.push(provider, view);

  const updateMessage = () => {
    // Assigned only on change: this runs for every batch of events.
    const message = viewMessage(sessions.current);
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
  return provider;
}
