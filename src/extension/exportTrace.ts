/**
 * Export the current run for Perfetto (ui.perfetto.dev, or chrome://tracing): Chrome
 * trace-event JSON, one thread per worker, waits and tasks as slices, wakes as flow arrows.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { chromeTraceJson } from '../model/perfettoExport';
import type { RunSessions } from './runSessions';

export const EXPORT_TRACE_COMMAND = 'threadline.exportTrace';

export async function exportCurrentTrace(sessions: RunSessions): Promise<vscode.Uri | undefined> {
  const session = sessions.current;
  if (!session || session.events.length === 0) {
    void vscode.window.showInformationMessage('Threadline: there is no run to export yet.');
    return undefined;
  }
  const base = path.basename(session.programPath).replace(/\.[^.]+$/, '');
  const target = await vscode.window.showSaveDialog({
    title: 'Export Threadline run for Perfetto',
    defaultUri: vscode.Uri.file(path.join(path.dirname(session.programPath), `${base}.perfetto.json`)),
    filters: { 'Chrome trace-event JSON': ['json'] },
  });
  if (!target) return undefined;
  const json = chromeTraceJson(session.events, { ...(session.run ? { run: session.run } : {}), ...(session.end ? { end: session.end } : {}) });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(json));
  void vscode.window.showInformationMessage(`Threadline: exported to ${path.basename(target.fsPath)} — open it in ui.perfetto.dev.`);
  return target;
}

export function registerExportTrace(context: vscode.ExtensionContext, sessions: RunSessions): void {
  context.subscriptions.push(vscode.commands.registerCommand(EXPORT_TRACE_COMMAND, () => exportCurrentTrace(sessions)));
}
