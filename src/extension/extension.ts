/**
 * Threadline's front door. Each feature registers itself from its own file; everything it
 * creates is owned by `context.subscriptions`. Activation does no I/O and starts nothing:
 * a run begins only when a command asks for one.
 */
import type * as vscode from 'vscode';
import type { ThreadlineApi } from './api';
import { registerCodeLens } from './codeLens';
import { registerCommands } from './commands';
import { registerDecorations } from './decorations';
import { registerDiagnostics } from './diagnostics';
import { registerExportTrace } from './exportTrace';
import { registerPanel } from './panel';
import { registerPrimitivesTree } from './primitivesTree';
import { registerProblemNotifier } from './problemNotifier';
import { registerProblemsTree } from './problemsTree';
import { registerRevealOnRun } from './revealOnRun';
import { registerRunSessions } from './runSessions';
import { registerStatusBar } from './statusBar';
import { registerWorkersTree } from './workersTree';

export function activate(context: vscode.ExtensionContext): ThreadlineApi {
  const activationStarted = performance.now();
  const sessions = registerRunSessions(context);
  const workers = registerWorkersTree(context, sessions);
  const primitivesTree = registerPrimitivesTree(context, sessions);
  const problems = registerProblemsTree(context, sessions);
  registerRevealOnRun(context, sessions, workers, problems);
  const panel = registerPanel(context, sessions);
  const statusBar = registerStatusBar(context, sessions);
  const diagnostics = registerDiagnostics(context, sessions);
  const decorations = registerDecorations(context, sessions);
  const notifier = registerProblemNotifier(context, sessions, panel);
  const codeLens = registerCodeLens(context);
  registerCommands(context, sessions, panel);
  registerExportTrace(context, sessions);
  return {
    sessions,
    workersTree: workers.provider,
    primitivesTree,
    problemsTree: problems.provider,
    panel,
    statusBar,
    diagnostics,
    decorations,
    notifier,
    codeLens,
    activationMs: performance.now() - activationStarted,
  };
}

export function deactivate(): void {
  // Nothing beyond context.subscriptions: disposing the sessions stops any live run.
}
