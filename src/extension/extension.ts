/**
 * Threadline's front door. Each feature registers itself from its own file; everything it
 * creates is owned by `context.subscriptions`. Activation does no I/O and starts nothing:
 * a run begins only when a command asks for one.
 */
import type * as vscode from 'vscode';
import type { ThreadlineApi } from './api';
import { registerCommands } from './commands';
import { registerPanel } from './panel';
import { registerRunSessions } from './runSessions';
import { registerStatusBar } from './statusBar';
import { registerWorkersTree } from './workersTree';

export function activate(context: vscode.ExtensionContext): ThreadlineApi {
  const sessions = registerRunSessions(context);
  const workersTree = registerWorkersTree(context, sessions);
  const panel = registerPanel(context, sessions);
  registerStatusBar(context, sessions);
  registerCommands(context, sessions, panel);
  return { sessions, workersTree, panel };
}

export function deactivate(): void {
  // Nothing beyond context.subscriptions: disposing the sessions stops any live run.
}
