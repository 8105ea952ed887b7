// Faults a user must be told about in VS Code: the host process dies mid-run (the extension
// says so, keeps the trace so far, and nothing the program started lives on), and a program
// that cannot even start (a SyntaxError in the Problems panel at its line).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunSession, ThreadlineApi } from '../../../src/extension/api';
import { EXTENSION_ID, stopLiveRun, threadlineApi, treeRows, whenRun } from './runHelpers';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('Faults shown in VS Code', function () {
  let api: ThreadlineApi;

  before(async () => {
    api = await threadlineApi();
  });

  afterEach(() => stopLiveRun(api));

  it('shows the error, keeps the trace so far, and leaves no orphan process', async () => {
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
    const file = vscode.Uri.joinPath(vscode.Uri.file(extensionPath), 'test', 'fixtures', 'programs', 'native-block.ts');
    const session = await vscode.commands.executeCommand<RunSession | undefined>('threadline.runCurrentFile', file);
    assert.ok(session?.hostPid, 'a run started');
    const pidFile = join(tmpdir(), `threadline-native-block-${session.hostPid}.pid`);
    await whenRun(session, 'the program printed where its child pid goes', () => session.model.output.some((o) => o.text.startsWith('child pid file')));
    while (!existsSync(pidFile) || !readFileSync(pidFile, 'utf8').trim()) await new Promise((resolve) => setTimeout(resolve, 20));
    const child = Number(readFileSync(pidFile, 'utf8'));

    process.kill(session.hostPid, 'SIGKILL');
    const end = await session.ended;
    await session.hostExited;
    assert.equal(end.exitCode, -9);
    assert.match(end.error ?? '', /host process was killed by SIGKILL before the run ended/);
    assert.equal(api.sessions.current, session, 'the crashed run stays on screen');
    assert.ok(session.events.length > 0, 'its trace so far is kept');
    assert.equal(treeRows(api)[0]?.name, 'MainProcess');
    for (let i = 0; i < 50 && isRunning(child); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(!isRunning(child), `the program's child ${child} ended with its host`);
  });

  it('puts a SyntaxError in the Problems panel at its line, and the run ends cleanly', async () => {
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
    const file = vscode.Uri.joinPath(vscode.Uri.file(extensionPath), 'test', 'fixtures', 'programs', 'syntax-error.ts');
    const session = await vscode.commands.executeCommand<RunSession | undefined>('threadline.runCurrentFile', file);
    assert.ok(session, 'a run started');
    const end = await session.ended;
    assert.equal(end.exitCode, 1);
    await session.hostExited;
    api.diagnostics.update();
    const threadline = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'Threadline');
    assert.deepEqual(
      threadline.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.severity === vscode.DiagnosticSeverity.Error, /^SyntaxError: /.test(d.message)]),
      [[5, 13, true, true]],
    );
    assert.equal(api.sessions.live, undefined, 'no stuck session');
  });
});
