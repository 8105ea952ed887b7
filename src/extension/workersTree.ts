/**
 * The Workers view (Run and Debug sidebar): every worker of the current session, processes
 * under the worker that started them and pool workers under their pool, each saying what it
 * does now (the task it runs, what it waits on) and for how long, or its exit code. Items are
 * computed from the model whenever VS Code asks, so a refresh is only a (throttled) nudge.
 */
import * as vscode from 'vscode';
import type { PrimitiveId, WorkerId } from '../model/ids';
import { endedBySignal, type WorkerState, type WorkerView } from '../model/runModel';
import type { RunSessions } from './runSessions';
import type { Session } from './session';
import { registerSessionTree, SessionTreeProvider } from './sessionTree';
import { openSiteCommand } from './sourceLinks';
import { currentTask, poolOf, taskLabel } from './poolMembership';
import { describeWorker } from './workerText';

export const WORKERS_VIEW_ID = 'threadline.workers';

/** A tree element: a worker, or a pool grouping its workers. Kept per session so identity is stable. */
export type WorkersNode =
  | { readonly type: 'worker'; readonly session: Session; readonly worker: WorkerId }
  | { readonly type: 'pool'; readonly session: Session; readonly pool: PrimitiveId };
/** Kept for callers of the first version. */
export type WorkerNode = WorkersNode;

type NodeKey = string;
const ROOT: NodeKey = 'root';
const workerKey = (id: WorkerId): NodeKey => `w${id}`;
const poolKey = (id: PrimitiveId): NodeKey => `p${id}`;

export const WORKER_STATE_ICON: Record<WorkerState, readonly [icon: string, color: string]> = {
  // Not the spinning icon: an animation repaints the window every frame, which a busy machine
  // starting threads can least afford.
  starting: ['circle-large-outline', 'descriptionForeground'],
  running: ['debug-start', 'charts.green'],
  waiting: ['watch', 'charts.yellow'],
  blocked: ['lock', 'charts.red'],
  sleeping: ['clock', 'charts.blue'],
  done: ['pass', 'charts.green'],
  failed: ['error', 'errorForeground'],
};
/** Ended by terminate(), kill() or Stop (a negative exit code): stopped from outside, not failed. */
const ENDED_BY_SIGNAL_ICON = ['debug-stop', 'descriptionForeground'] as const;

export class WorkersTreeProvider extends SessionTreeProvider<WorkersNode> {
  private nodes = new Map<NodeKey, WorkersNode>();
  private nodesSession: Session | undefined;
  private children: { session: Session; eventCount: number; index: ReadonlyMap<NodeKey, readonly WorkersNode[]> } | undefined;

  getChildren(element?: WorkersNode): WorkersNode[] {
    const session = this.sessions.current;
    if (!session) return [];
    const key = !element ? ROOT : element.type === 'worker' ? workerKey(element.worker) : poolKey(element.pool);
    return [...(this.childIndex(session).get(key) ?? [])];
  }

  getParent(element: WorkersNode): WorkersNode | undefined {
    const { session } = element;
    const { model } = session;
    if (element.type === 'pool') {
      const creator = model.primitives.get(element.pool)?.createdBy;
      return creator !== undefined && model.workers.has(creator) ? this.node(session, { type: 'worker', session, worker: creator }) : undefined;
    }
    const worker = model.workers.get(element.worker);
    if (!worker) return undefined;
    const pool = poolOf(model, worker);
    if (pool !== undefined) return this.node(session, { type: 'pool', session, pool });
    return worker.parent !== undefined && model.workers.has(worker.parent) ? this.node(session, { type: 'worker', session, worker: worker.parent }) : undefined;
  }

  getTreeItem(element: WorkersNode): vscode.TreeItem {
    return element.type === 'pool' ? this.poolItem(element.session, element.pool) : this.workerItem(element.session, element.worker);
  }

  private workerItem(session: Session, id: WorkerId): vscode.TreeItem {
    const { model } = session;
    const worker = model.workers.get(id);
    if (!worker) return new vscode.TreeItem(`#${id}`);
    const hasChildren = (this.childIndex(session).get(workerKey(id))?.length ?? 0) > 0;
    const item = new vscode.TreeItem(
      worker.name,
      // MainProcess is always expandable: its processes usually arrive a moment after it.
      hasChildren || worker.role === 'main' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    // Per session, so a new run starts with fresh expansion state; per worker, so refreshes keep it.
    item.id = `${session.sessionId}/w${worker.id}`;
    const current = model.currentState(worker);
    const task = worker.role === 'poolWorker' && current.to === undefined ? currentTask(model, worker.id) : undefined;
    const described = describeWorker(model, worker, session.now());
    item.description = task ? `${taskLabel(task)} · ${described}` : described;
    const [icon, color] = current.state === 'failed' && endedBySignal(worker) ? ENDED_BY_SIGNAL_ICON : WORKER_STATE_ICON[current.state];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.contextValue = `threadline.worker.${current.state}`;
    item.tooltip = tooltip(worker, item.description);
    if (current.site) item.command = openSiteCommand(current.site, 'Show where it waits');
    return item;
  }

  private poolItem(session: Session, id: PrimitiveId): vscode.TreeItem {
    const { model } = session;
    const pool = model.primitives.get(id);
    const item = new vscode.TreeItem(pool ? `Pool ${pool.name}` : `Pool #${id}`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `${session.sessionId}/p${id}`;
    const workers = this.childIndex(session).get(poolKey(id))?.length ?? 0;
    let running = 0;
    let done = 0;
    for (const task of model.tasks) {
      if (task.pool !== id) continue;
      if (task.to === undefined) running++;
      else done++;
    }
    item.description = `${workers} worker${workers === 1 ? '' : 's'} · ${running} task${running === 1 ? '' : 's'} running · ${done} done`;
    item.iconPath = new vscode.ThemeIcon('server-process');
    item.contextValue = 'threadline.pool';
    if (pool?.site) item.command = openSiteCommand(pool.site, 'Show where the pool was created');
    return item;
  }

  /**
   * Children of every node (ROOT for the top level), sorted by id. Rebuilt only when the
   * model has changed, so a refresh of a big pool costs one pass, not one pass per item.
   */
  private childIndex(session: Session): ReadonlyMap<NodeKey, readonly WorkersNode[]> {
    const cached = this.children;
    if (cached && cached.session === session && cached.eventCount === session.model.eventCount) return cached.index;
    const { workers, primitives } = session.model;
    const index = new Map<NodeKey, WorkersNode[]>();
    const add = (key: NodeKey, node: WorkersNode) => {
      const siblings = index.get(key);
      if (siblings) siblings.push(node);
      else index.set(key, [node]);
    };
    const pools = new Set<PrimitiveId>();
    for (const worker of [...workers.values()].sort((a, b) => a.id - b.id)) {
      const node = this.node(session, { type: 'worker', session, worker: worker.id });
      const pool = poolOf(session.model, worker);
      if (pool !== undefined) {
        pools.add(pool);
        add(poolKey(pool), node);
        continue;
      }
      // A parent we never heard of (its start record was lost) must not hide its children.
      add(worker.parent !== undefined && workers.has(worker.parent) ? workerKey(worker.parent) : ROOT, node);
    }
    for (const primitive of primitives.values()) if (primitive.kind === 'pool') pools.add(primitive.id);
    for (const pool of [...pools].sort((a, b) => a - b)) {
      const creator = primitives.get(pool)?.createdBy;
      // Pools sit after the processes of the worker that created them.
      add(creator !== undefined && workers.has(creator) ? workerKey(creator) : ROOT, this.node(session, { type: 'pool', session, pool }));
    }
    this.children = { session, eventCount: session.model.eventCount, index };
    return index;
  }

  private node(session: Session, fresh: WorkersNode): WorkersNode {
    if (this.nodesSession !== session) {
      this.nodes = new Map();
      this.nodesSession = session;
    }
    const key = fresh.type === 'worker' ? workerKey(fresh.worker) : poolKey(fresh.pool);
    let node = this.nodes.get(key);
    if (!node) this.nodes.set(key, (node = fresh));
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

export function registerWorkersTree(context: vscode.ExtensionContext, sessions: RunSessions): { provider: WorkersTreeProvider; view: vscode.TreeView<WorkersNode> } {
  const provider = new WorkersTreeProvider(sessions);
  const view = registerSessionTree(context, sessions, { id: WORKERS_VIEW_ID, provider });
  return { provider, view };
}
