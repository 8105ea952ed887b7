/**
 * What `activate()` returns: the live objects behind the UI, so integration tests (and, later,
 * other extensions) can follow a run by its events instead of by timing.
 *
 *   const api = await vscode.extensions.getExtension<ThreadlineApi>('threadline.threadline')!.activate();
 *   const session = await vscode.commands.executeCommand<RunSession>('threadline.runDemo', 'event-gate');
 *   session.onDidChange(...); await session.ended;
 *   api.workersTree.getChildren().map((node) => api.workersTree.getTreeItem(node));
 */
import type * as vscode from 'vscode';
import type { RunWithThreadlineLens } from './codeLens';
import type { BlockedLineDecorations } from './decorations';
import type { ProblemDiagnostics } from './diagnostics';
import type { PanelHost } from './panel';
import type { PrimitivesTreeProvider } from './primitivesTree';
import type { ProblemNotifier } from './problemNotifier';
import type { ProblemsTreeProvider } from './problemsTree';
import type { RunSessions } from './runSessions';
import type { WorkersTreeProvider } from './workersTree';

export interface ThreadlineApi {
  /** The current session (`current`, `live`), its start/change/end events, and `load(trace)`. */
  readonly sessions: RunSessions;
  /** The Workers view's data provider: the very items VS Code shows. */
  readonly workersTree: WorkersTreeProvider;
  /** The Primitives view's data provider. */
  readonly primitivesTree: PrimitivesTreeProvider;
  /** The Problems view's data provider. */
  readonly problemsTree: ProblemsTreeProvider;
  /** The panel: whether it is open/ready, and every message posted to its webview. */
  readonly panel: PanelHost;
  /** The status bar item (text, tooltip, colours as set). */
  readonly statusBar: vscode.StatusBarItem;
  /** The "Threadline" diagnostic collection behind the Problems panel. */
  readonly diagnostics: ProblemDiagnostics;
  /** The blocked-line annotations and deadlock gutter icons: `lines`, `applied`, `onDidUpdate`. */
  readonly decorations: BlockedLineDecorations;
  /** Deadlock/hang notifications shown (`notices`). */
  readonly notifier: ProblemNotifier;
  /** The "Run with Threadline" CodeLens provider. */
  readonly codeLens: RunWithThreadlineLens;
  /** How long activate() took, in ms (the extension's own activation cost). */
  readonly activationMs: number;
}

export type { RunSession, RunSessionChange } from './runSession';
export type { Session, SessionChange } from './session';
export type { TraceSession } from './traceSession';
