/**
 * "Threadline: Open a Trace…": pick a JSON file written by `threadline run --trace out.json`
 * and show that finished run in the views and the panel, as if it had just run here.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseTraceFile, TraceFileError } from './traceFile';
import type { RunSessions } from './runSessions';
import type { TraceSession } from './traceSession';

/** Loads `resource` (or asks for a file); returns the session, or undefined if nothing loaded. */
export async function openTrace(sessions: RunSessions, resource: vscode.Uri | undefined): Promise<TraceSession | undefined> {
  const uri = resource ?? (await pickTraceFile());
  if (!uri) return undefined;
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    void vscode.window.showErrorMessage(`Threadline could not read ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  try {
    return sessions.load(parseTraceFile(text), uri.fsPath);
  } catch (error) {
    const why = error instanceof TraceFileError ? error.message : String(error);
    void vscode.window.showErrorMessage(`${path.basename(uri.fsPath)} is not a Threadline trace: ${why}. Write one with \`threadline run <program> --trace out.json\`.`);
    return undefined;
  }
}

async function pickTraceFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Threadline: Open a Trace',
    openLabel: 'Open Trace',
    canSelectMany: false,
    filters: { 'Threadline trace': ['json'] },
  });
  return picked?.[0];
}
