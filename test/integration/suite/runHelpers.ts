// Helpers for the extension's integration tests: reach the extension's test API, read the
// Workers view as rows, and wait for a run's events (never a timer).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSession, ThreadlineApi } from '../../../src/extension/api';

export const EXTENSION_ID = 'threadline.threadline';
export const PROCESS_NAMES = ['Process-1', 'Process-2', 'Process-3', 'Process-4', 'Process-5'];

export interface Row {
  readonly name: string;
  readonly description: string;
  readonly icon: string | undefined;
  /** Where a click on the row goes: "event-gate.ts:10:9" (file name:line:column), if anywhere. */
  readonly opens: string | undefined;
  readonly children: readonly Row[];
}

export async function threadlineApi(): Promise<ThreadlineApi> {
  const extension = vscode.extensions.getExtension<ThreadlineApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.activate();
}

/** The Workers view as rows: what a person would read in the sidebar. */
export function treeRows(api: ThreadlineApi, parent?: Parameters<ThreadlineApi['workersTree']['getChildren']>[0]): Row[] {
  return api.workersTree.getChildren(parent).map((node) => {
    const item = api.workersTree.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
    return { name: label, description: String(item.description ?? ''), icon, opens: clickTarget(item), children: treeRows(api, node) };
  });
}

function clickTarget(item: vscode.TreeItem): string | undefined {
  const [uri, options] = (item.command?.arguments ?? []) as [vscode.Uri | undefined, vscode.TextDocumentShowOptions | undefined];
  if (item.command?.command !== 'vscode.open' || !uri) return undefined;
  const start = options?.selection?.start;
  const name = uri.path.split('/').pop();
  return start ? `${name}:${start.line + 1}:${start.character + 1}` : name;
}

export function processRows(api: ThreadlineApi): readonly Row[] {
  return treeRows(api)[0]?.children ?? [];
}

/**
 * Resolves at the first moment `holds()` is true: now, or after one of the session's changes.
 * Rejects if the run ends first, so a regression fails fast instead of timing out.
 */
export function whenRun(session: RunSession, what: string, holds: () => boolean): Promise<void> {
  if (holds()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    const settle = (error?: Error) => {
      for (const s of subscriptions) s.dispose();
      if (error) reject(error);
      else resolve();
    };
    subscriptions.push(
      session.onDidChange(() => {
        if (holds()) settle();
      }),
      session.onDidEnd(() => settle(holds() ? undefined : new Error(`the run ended before ${what}`))),
    );
  });
}

export function demoUri(file: string): vscode.Uri {
  const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
  return vscode.Uri.joinPath(vscode.Uri.file(extensionPath), 'demos', file);
}

/** Sets a Threadline setting for the tests; returns how to put the old value back. */
export async function withSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('threadline');
  const previous = config.inspect(key)?.globalValue;
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    await vscode.workspace.getConfiguration('threadline').update(key, previous, vscode.ConfigurationTarget.Global);
  };
}

/**
 * Opening a .ts file starts the TypeScript server (seconds of a full core). Waiting for it to
 * answer one request means it is done loading before a timing-sensitive demo runs.
 */
export async function settleTypeScript(): Promise<void> {
  const file = demoUri('event-gate.ts');
  await vscode.window.showTextDocument(file, { preview: true, viewColumn: vscode.ViewColumn.One });
  await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', file);
}

/** A program under test/fixtures/programs, from the extension's own folder. */
export function fixtureUri(file: string): vscode.Uri {
  const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
  return vscode.Uri.joinPath(vscode.Uri.file(extensionPath), 'test', 'fixtures', 'programs', file);
}

/** Runs a file as the editor title's Run button does (it passes the editor's resource). */
export async function runFile(file: vscode.Uri): Promise<RunSession> {
  const session = await vscode.commands.executeCommand<RunSession | undefined>('threadline.runCurrentFile', file);
  assert.ok(session, `threadline.runCurrentFile ${file.fsPath} returned no session`);
  return session;
}

export async function runDemo(id: string): Promise<RunSession> {
  const session = await vscode.commands.executeCommand<RunSession | undefined>('threadline.runDemo', id);
  assert.ok(session, `threadline.runDemo ${id} returned no session`);
  return session;
}

/** Stops the live run, if any, and waits for its host to exit: no run leaks into the next test. */
export async function stopLiveRun(api: ThreadlineApi): Promise<void> {
  const live = api.sessions.live;
  if (!live) return;
  live.stop();
  await live.hostExited;
}
