// Open a Trace: a trace written by `threadline run --trace` (the CLI, run here on the
// event-gate demo) loads as a finished session into the same views and the panel. And the
// "Run with Threadline" CodeLens appears above files that import 'threadline', only those.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { PanelMessage } from '../../../src/model/messages';
import type { ThreadlineApi, TraceSession } from '../../../src/extension/api';
import { EXTENSION_ID, PROCESS_NAMES, demoUri, threadlineApi, treeRows, withSetting } from './runHelpers';
import { rowsOf } from './sidebarHelpers';

const run = promisify(execFile);

describe('Open a Trace', function () {
  let api: ThreadlineApi;
  let tracePath: string;
  let restorePanelSetting: () => Promise<void>;

  before(async function () {
    this.timeout(60_000);
    api = await threadlineApi();
    restorePanelSetting = await withSetting('openPanelOnRun', false);
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
    tracePath = join(mkdtempSync(join(tmpdir(), 'threadline-trace-')), 'event-gate.json');
    // The extension host's own Node (Electron's, as Node, under test-electron).
    await run(process.execPath, [join(extensionPath, 'dist', 'cli.js'), 'run', demoUri('event-gate.ts').fsPath, '--trace', tracePath, '--plain'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
  });

  after(async () => {
    await restorePanelSetting();
  });

  it('shows a trace written by `threadline run --trace` in the views and the panel', async () => {
    // The panel takes the loaded session like a run: one snapshot with every event and the end.
    // Listened for before loading: an open, ready panel posts it as the trace loads.
    const runId = (JSON.parse(readFileSync(tracePath, 'utf8')) as { run: { runId: string } }).run.runId;
    const snapshot = new Promise<PanelMessage>((resolve) => {
      const subscription = api.panel.onDidPostMessage((message) => {
        if (message.type !== 'reset' || message.run?.runId !== runId) return;
        subscription.dispose();
        resolve(message);
      });
    });
    const session = await vscode.commands.executeCommand<TraceSession | undefined>('threadline.openTrace', vscode.Uri.file(tracePath));
    assert.ok(session, 'the trace loaded');
    assert.equal(session.kind, 'trace');
    assert.equal(api.sessions.current, session);
    assert.equal(api.sessions.live, undefined, 'a loaded trace is not a live run');
    assert.equal(session.end.exitCode, 0);

    const rows = treeRows(api);
    assert.deepEqual(rows.map((row) => [row.name, row.description]), [['MainProcess', 'done · exit 0']]);
    assert.deepEqual(rows[0]?.children.map((row) => row.name), PROCESS_NAMES);
    const event = rowsOf(api.primitivesTree).find((row) => row.label === 'event');
    assert.equal(event?.description, 'event · set · 0 waiting');
    assert.deepEqual(rowsOf(api.problemsTree), []);

    await vscode.commands.executeCommand('threadline.showPanel');
    const reset = await snapshot;
    assert.equal(reset.type === 'reset' && reset.events.length, session.events.length);
    assert.deepEqual(reset.type === 'reset' && reset.end, session.end);
  });

  it('refuses a file that is not a trace, and keeps the current session', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'threadline-trace-')), 'report.json');
    writeFileSync(bad, JSON.stringify({ exitCode: 0, workers: [] }));
    const before = api.sessions.current;
    const session = await vscode.commands.executeCommand('threadline.openTrace', vscode.Uri.file(bad));
    assert.equal(session, undefined);
    assert.equal(api.sessions.current, before);
  });
});

describe('CodeLens: Run with Threadline', function () {
  before(() => threadlineApi());

  it('appears above the import of a file that imports threadline', async () => {
    const uri = demoUri('event-gate.ts');
    await vscode.workspace.openTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const ours = lenses.filter((lens) => lens.command?.command === 'threadline.runCurrentFile');
    assert.equal(ours.length, 1);
    assert.equal(ours[0]?.command?.title, '$(play) Run with Threadline');
    assert.equal(ours[0]?.range.start.line, 3, 'on the import line (line 4)');
  });

  it('does not appear in a file that does not import threadline', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: "import { Worker } from 'node:worker_threads';\n" });
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    assert.equal(lenses.filter((lens) => lens.command?.command === 'threadline.runCurrentFile').length, 0);
  });

  it('New Script opens an untitled program that has the lens', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('threadline.newScript');
    assert.equal(editor.document.isUntitled, true);
    assert.equal(editor.document.languageId, 'typescript');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    assert.equal(lenses.filter((lens) => lens.command?.command === 'threadline.runCurrentFile').length, 1);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
