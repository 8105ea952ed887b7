/**
 * What `activate()` returns: the live objects behind the UI, so integration tests (and, later,
 * other extensions) can follow a run by its events instead of by timing.
 *
 *   const api = await vscode.extensions.getExtension<ThreadlineApi>('threadline.threadline')!.activate();
 *   const session = await vscode.commands.executeCommand<RunSession>('threadline.runDemo', 'event-gate');
 *   session.onDidChange(...); await session.ended;
 *   api.workersTree.getChildren().map((node) => api.workersTree.getTreeItem(node));
 */
import type { PanelHost } from './panel';
import type { RunSessions } from './runSessions';
import type { WorkersTreeProvider } from './workersTree';

export interface ThreadlineApi {
  /** The current run (`current`, `live`) and its start/change/end events. */
  readonly sessions: RunSessions;
  /** The Workers view's data provider: the very items VS Code shows. */
  readonly workersTree: WorkersTreeProvider;
  /** The panel: whether it is open/ready, and every message posted to its webview. */
  readonly panel: PanelHost;
}

export type { RunSession, RunSessionChange } from './runSession';
