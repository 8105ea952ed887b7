/**
 * The commands: Run Demo…, Run Current File, Stop Run, Show Panel, Open a Trace…, New Script,
 * Reveal in Panel. The run commands return the started session, so callers (and tests) can
 * follow the run they started.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UNTRUSTED_MESSAGE } from './runPermission';
import { demoPath, groupDemos, readDemoCatalog, type DemoEntry } from './demoCatalog';
import { createFirstScript } from './newScript';
import { openTrace } from './openTrace';
import type { PanelHost } from './panel';
import type { RunSession } from './runSession';
import type { RunSessions } from './runSessions';

export const COMMAND = {
  runDemo: 'threadline.runDemo',
  runCurrentFile: 'threadline.runCurrentFile',
  stopRun: 'threadline.stopRun',
  showPanel: 'threadline.showPanel',
  openTrace: 'threadline.openTrace',
  newScript: 'threadline.newScript',
  revealInPanel: 'threadline.revealInPanel',
} as const;

/** The file kinds the runtime can run (its program loader strips TypeScript types). */
export const RUNNABLE_EXTENSIONS: ReadonlySet<string> = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);

export function registerCommands(context: vscode.ExtensionContext, sessions: RunSessions, panel: PanelHost): void {
  const demosDir = path.join(context.extensionPath, 'demos');
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND.runDemo, (demoId?: unknown) =>
      runDemo(demosDir, sessions, panel, typeof demoId === 'string' ? demoId : undefined),
    ),
    vscode.commands.registerCommand(COMMAND.runCurrentFile, (resource?: unknown) =>
      runCurrentFile(sessions, resource instanceof vscode.Uri ? resource : undefined),
    ),
    vscode.commands.registerCommand(COMMAND.stopRun, () => {
      sessions.stopCurrent();
    }),
    vscode.commands.registerCommand(COMMAND.showPanel, () => panel.show(false)),
    vscode.commands.registerCommand(COMMAND.openTrace, (resource?: unknown) =>
      openTrace(sessions, resource instanceof vscode.Uri ? resource : typeof resource === 'string' ? vscode.Uri.file(resource) : undefined),
    ),
    vscode.commands.registerCommand(COMMAND.newScript, () => createFirstScript()),
    // From a tree item's inline action: the panel shows every lane, the item's among them.
    vscode.commands.registerCommand(COMMAND.revealInPanel, () => panel.show(false)),
  );
}

/** Picks a demo (or takes the one named), opens its source, and runs it. */
async function runDemo(demosDir: string, sessions: RunSessions, panel: PanelHost, demoId: string | undefined): Promise<RunSession | undefined> {
  let catalog;
  try {
    catalog = await readDemoCatalog(demosDir);
  } catch (error) {
    void vscode.window.showErrorMessage(`Threadline could not read its demo catalog: ${messageOf(error)}`);
    return undefined;
  }
  const demo = demoId !== undefined ? catalog.demos.find((d) => d.id === demoId) : await pickDemo(demosDir, catalog.demos);
  if (!demo) {
    if (demoId !== undefined) void vscode.window.showErrorMessage(`Threadline has no demo named "${demoId}".`);
    return undefined;
  }
  const file = demoPath(demosDir, demo);
  // Read-only in spirit: a preview tab in the first column, the panel beside it (or, when the
  // panel already has the first column, the source beside the panel: moved aside, a panel
  // waits to reload its page until it is focused). The workbench handles the two requests in
  // order, so the host and the panel's page need not wait for the source to load (waiting put
  // ~0.4 s before the panel's first lane) — except in a window with no editor at all: there the
  // panel would take the one empty group and the source would then cover it.
  const column = panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  const noEditorOpen = vscode.window.tabGroups.all.every((group) => group.tabs.length === 0);
  const shown = Promise.resolve(vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true, viewColumn: column })).then(
    () => undefined,
    (error: unknown) => sessions.log(`[threadline] could not show ${file}: ${messageOf(error)}`),
  );
  if (noEditorOpen) await shown;
  const session = sessions.start(file);
  await shown;
  return session;
}

type DemoItem = vscode.QuickPickItem & { readonly demo?: DemoEntry };

const COPY_TO_WORKSPACE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy to Workspace' };

/** The demos under their lesson groups (separators); each row's button copies it to the workspace. */
async function pickDemo(demosDir: string, demos: readonly DemoEntry[]): Promise<DemoEntry | undefined> {
  const items: DemoItem[] = [];
  for (const { group, demos: members } of groupDemos(demos)) {
    items.push({ label: group, kind: vscode.QuickPickItemKind.Separator });
    for (const demo of members) items.push({ label: demo.title, detail: demo.description, demo, buttons: [COPY_TO_WORKSPACE] });
  }
  const quickPick = vscode.window.createQuickPick<DemoItem>();
  quickPick.title = 'Threadline: Run Demo';
  quickPick.placeholder = 'Choose a demo to run and watch (or copy it to your workspace to edit)';
  quickPick.matchOnDetail = true;
  quickPick.items = items;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (demo: DemoEntry | undefined) => {
      if (settled) return;
      settled = true;
      resolve(demo);
      quickPick.dispose();
    };
    quickPick.onDidAccept(() => finish(quickPick.selectedItems[0]?.demo));
    quickPick.onDidTriggerItemButton(({ item }) => {
      finish(undefined);
      if (item.demo) void copyDemoToWorkspace(demosDir, item.demo);
    });
    quickPick.onDidHide(() => finish(undefined));
    quickPick.show();
  });
}

/** Copies a demo into the first workspace folder (or a folder the user picks) and opens the copy. */
async function copyDemoToWorkspace(demosDir: string, demo: DemoEntry): Promise<vscode.Uri | undefined> {
  let folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Copy Demo Here' });
    folder = picked?.[0];
    if (!folder) return undefined;
  }
  const extension = path.extname(demo.file);
  const base = path.basename(demo.file, extension);
  let target = vscode.Uri.joinPath(folder, `${base}${extension}`);
  // Never overwrite the learner's edits: demo-1.ts, demo-2.ts, … when the name is taken.
  for (let n = 1; await exists(target); n++) target = vscode.Uri.joinPath(folder, `${base}-${n}${extension}`);
  try {
    await vscode.workspace.fs.copy(vscode.Uri.file(demoPath(demosDir, demo)), target);
  } catch (error) {
    void vscode.window.showErrorMessage(`Threadline could not copy the demo: ${messageOf(error)}`);
    return undefined;
  }
  await vscode.window.showTextDocument(target, { preview: false });
  return target;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Saves and runs the file in the active editor (or the one a menu passed). */
async function runCurrentFile(sessions: RunSessions, resource: vscode.Uri | undefined): Promise<RunSession | undefined> {
  const document = resource
    ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === resource.toString()) ?? (await vscode.workspace.openTextDocument(resource))
    : vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Open a JavaScript or TypeScript file to run it with Threadline.');
    return undefined;
  }
  if (document.uri.scheme === 'untitled') {
    // A new script (Threadline: New Script) runs once it has a name: ask for one.
    const saved = await vscode.workspace.save(document.uri);
    if (!saved || saved.scheme !== 'file') return undefined;
    return runCurrentFile(sessions, saved);
  }
  if (document.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Threadline runs files saved on disk: save this file first.');
    return undefined;
  }
  const extension = path.extname(document.uri.fsPath).toLowerCase();
  if (!RUNNABLE_EXTENSIONS.has(extension)) {
    void vscode.window.showErrorMessage(`Threadline runs .js, .mjs, .cjs, .ts, .mts and .cts files, not ${extension || 'this file'}.`);
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    const manage = 'Manage Workspace Trust';
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, manage).then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return undefined;
  }
  if (document.isDirty && !(await document.save())) {
    void vscode.window.showErrorMessage(`Threadline did not run ${path.basename(document.uri.fsPath)}: it could not be saved.`);
    return undefined;
  }
  return sessions.start(document.uri.fsPath);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
