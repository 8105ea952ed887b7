/**
 * The Primitives view: each Event, Lock, Semaphore, Condition, Barrier, Queue, Pipe, Value or
 * Pool of the current session with its live state (set or clear, who holds it, how many wait,
 * counts where the ops tell them) and who waits on it now. A click opens where it was created;
 * a waiter's row opens the line where it waits. Processes are in the Workers view.
 */
import * as vscode from 'vscode';
import type { PrimitiveId, WorkerId } from '../model/ids';
import type { PrimitiveKind } from '../model/trace';
import { describePrimitiveState, primitiveStates, type PrimitiveState } from './primitiveState';
import { siteLabel } from './problemText';
import type { RunSessions } from './runSessions';
import type { Session } from './session';
import { registerSessionTree, SessionTreeProvider } from './sessionTree';
import { openSiteCommand } from './sourceLinks';
import { formatDuration } from './workerText';

export const PRIMITIVES_VIEW_ID = 'threadline.primitives';

export type PrimitivesNode =
  | { readonly type: 'primitive'; readonly session: Session; readonly primitive: PrimitiveId }
  | { readonly type: 'waiter'; readonly session: Session; readonly primitive: PrimitiveId; readonly worker: WorkerId };

const KIND_ICON: Partial<Record<PrimitiveKind, string>> = {
  event: 'bell',
  lock: 'lock',
  rlock: 'lock',
  semaphore: 'symbol-number',
  boundedSemaphore: 'symbol-number',
  condition: 'symbol-event',
  barrier: 'debug-breakpoint-log-unverified',
  queue: 'list-ordered',
  joinableQueue: 'list-ordered',
  simpleQueue: 'list-ordered',
  pipe: 'arrow-swap',
  value: 'symbol-variable',
  array: 'symbol-array',
  pool: 'server-process',
  manager: 'server',
  managedList: 'symbol-array',
  managedDict: 'symbol-namespace',
  namespace: 'symbol-namespace',
};

/** Shown in the view: everything a worker can wait on or share, except Process handles. */
const HIDDEN_KINDS: ReadonlySet<PrimitiveKind> = new Set<PrimitiveKind>(['process']);

export class PrimitivesTreeProvider extends SessionTreeProvider<PrimitivesNode> {
  private cache: { session: Session; eventCount: number; states: ReadonlyMap<PrimitiveId, PrimitiveState> } | undefined;

  getChildren(element?: PrimitivesNode): PrimitivesNode[] {
    const session = this.sessions.current;
    if (!session) return [];
    const states = this.states(session);
    if (!element) {
      return [...states.values()]
        .filter((s) => !HIDDEN_KINDS.has(s.primitive.kind))
        .sort((a, b) => a.primitive.createdAt - b.primitive.createdAt || a.primitive.id - b.primitive.id)
        .map((s) => ({ type: 'primitive', session, primitive: s.primitive.id }));
    }
    if (element.type === 'waiter') return [];
    return (states.get(element.primitive)?.waiters ?? []).map((w) => ({ type: 'waiter', session, primitive: element.primitive, worker: w.worker.id }));
  }

  getTreeItem(element: PrimitivesNode): vscode.TreeItem {
    const { session } = element;
    const state = this.states(session).get(element.primitive);
    if (!state) return new vscode.TreeItem(`#${element.primitive}`);
    return element.type === 'primitive' ? this.primitiveItem(session, state) : this.waiterItem(session, state, element.worker);
  }

  private primitiveItem(session: Session, state: PrimitiveState): vscode.TreeItem {
    const { primitive } = state;
    const item = new vscode.TreeItem(
      primitive.name,
      state.waiters.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    // The collapsible state is part of the id: a primitive that gains waiters opens by itself.
    item.id = `${session.sessionId}/${primitive.id}/${state.waiters.length > 0 ? 'w' : 'n'}`;
    const live = describePrimitiveState(session.model, state);
    item.description = live ? `${primitive.kind} · ${live}` : primitive.kind;
    const busy = state.waiters.length > 0 ? 'charts.yellow' : undefined;
    const color = state.isSet ? 'charts.green' : state.owner !== undefined && state.waiters.length > 0 ? 'charts.red' : busy;
    item.iconPath = new vscode.ThemeIcon(KIND_ICON[primitive.kind] ?? 'symbol-misc', color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = `threadline.primitive.${primitive.kind}`;
    const creator = session.model.workers.get(primitive.createdBy)?.name ?? `#${primitive.createdBy}`;
    item.tooltip = `${primitive.kind} ${primitive.name}: ${live || 'no state recorded'}\ncreated by ${creator} at ${siteLabel(primitive.site)}`;
    if (primitive.site) item.command = openSiteCommand(primitive.site, 'Show where it was created');
    return item;
  }

  private waiterItem(session: Session, state: PrimitiveState, worker: WorkerId): vscode.TreeItem {
    const waiter = state.waiters.find((w) => w.worker.id === worker);
    const item = new vscode.TreeItem(waiter?.worker.name ?? `#${worker}`);
    item.id = `${session.sessionId}/${state.primitive.id}/waiter/${worker}`;
    if (!waiter) return item;
    const { interval } = waiter;
    const timeout = interval.timeoutMs !== undefined ? ` · timeout ${formatDuration(interval.timeoutMs)}` : '';
    item.description = `${interval.state} · ${formatDuration(session.now() - interval.from)}${timeout} · ${siteLabel(interval.site)}`;
    item.iconPath = new vscode.ThemeIcon(interval.state === 'blocked' ? 'lock' : 'watch');
    item.contextValue = 'threadline.waiter';
    if (interval.site) item.command = openSiteCommand(interval.site, 'Show where it waits');
    return item;
  }

  /** Every primitive's state, computed once per model change however many items are read. */
  private states(session: Session): ReadonlyMap<PrimitiveId, PrimitiveState> {
    const cached = this.cache;
    if (cached && cached.session === session && cached.eventCount === session.model.eventCount) return cached.states;
    const states = new Map(primitiveStates(session.model).map((s) => [s.primitive.id, s] as const));
    this.cache = { session, eventCount: session.model.eventCount, states };
    return states;
  }
}

export function registerPrimitivesTree(context: vscode.ExtensionContext, sessions: RunSessions): PrimitivesTreeProvider {
  const provider = new PrimitivesTreeProvider(sessions);
  registerSessionTree(context, sessions, { id: PRIMITIVES_VIEW_ID, provider, message: () => undefined });
  return provider;
}
