// Running a demo through the command, as a user would, and reading the Workers view's items:
// the tree VS Code shows is the tree asserted here. Every wait is on an event from the run
// session (a model change, the run's end, the host's exit), never a timer, so the test holds
// on a slow, noisy 2-core machine.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSession, ThreadlineApi } from '../../../src/extension/api';
import { EXTENSION_ID, PROCESS_NAMES, demoUri, fixtureUri, processRows, runDemo, runFile, settleTypeScript, stopLiveRun, threadlineApi, treeRows, whenRun, withSetting } from './runHelpers';

describe('Run Demo: event-gate', function () {
  let api: ThreadlineApi;
  let restorePanelSetting: () => Promise<void>;

  before(async () => {
    api = await threadlineApi();
    // The demo gives its processes 2 s to reach event.wait(). On a loaded 2-core machine a
    // webview painting a live timeline and a TypeScript server starting up can eat that
    // window, so these tree tests run without the panel and after TypeScript has settled.
    restorePanelSetting = await withSetting('openPanelOnRun', false);
    await settleTypeScript();
  });

  after(async () => {
    await restorePanelSetting();
  });

  afterEach(() => stopLiveRun(api));

  /** The run exited 0, and the tree shows MainProcess over its five processes, each done with exit 0. */
  async function assertRanToTheEnd(session: RunSession): Promise<void> {
    const end = await session.ended;
    assert.equal(end.reason, 'exited');
    assert.equal(end.exitCode, 0);
    assert.equal(api.sessions.live, undefined);

    const done = treeRows(api);
    assert.deepEqual(done.map((row) => row.name), ['MainProcess'], 'MainProcess is the only root');
    assert.deepEqual(done[0]?.children.map((row) => row.name), PROCESS_NAMES);
    const everyone = [done[0], ...(done[0]?.children ?? [])];
    assert.equal(everyone.length, 6, '6 workers');
    for (const row of everyone) {
      assert.equal(row?.description, 'done · exit 0', `${row?.name}: ${row?.description}`);
      assert.equal(row?.icon, 'pass');
    }
  }

  it('runs the demo to its end: MainProcess and five processes, all done with exit 0', async () => {
    const session = await runDemo('event-gate');
    assert.equal(api.sessions.current, session);
    assert.equal(session.programPath, demoUri('event-gate.ts').fsPath);

    await assertRanToTheEnd(session);
  });

  // Whether all five of the demo's processes wait at once depends on the machine (each start-up
  // races the main process's 2 s sleep), so the picture of five waiters is checked on the demo
  // with a Barrier before the wait: the same tree, with no race in it.
  it('shows MainProcess with five processes waiting on the event, then all done with exit 0', async () => {
    const file = fixtureUri('event-gate-ready.ts');
    const session = await runFile(file);
    assert.equal(api.sessions.current, session);

    // The barrier's last arrival wakes the main process with the others, and it may be the last
    // of them to run: the moment to look at is once it has left the barrier for its pause.
    const allWaiting = () => {
      const rows = processRows(api);
      const main = treeRows(api)[0]?.description ?? '';
      return rows.length === 5 && rows.every((row) => row.description.startsWith('waiting on event')) && !main.startsWith('waiting on ready');
    };
    await whenRun(session, 'all five processes waited on the event, the main process past the barrier', allWaiting);

    const live = treeRows(api);
    assert.deepEqual(
      live.map((row) => row.name),
      ['MainProcess'],
      'MainProcess is the only root',
    );
    assert.match(live[0]?.description ?? '', /^(sleeping|running)/, `MainProcess: ${live[0]?.description}`);
    assert.deepEqual(
      live[0]?.children.map((row) => row.name),
      PROCESS_NAMES,
    );
    for (const row of live[0]?.children ?? []) {
      assert.match(row.description, /^waiting on event · \d/, `${row.name}: ${row.description}`);
      assert.equal(row.icon, 'watch', `${row.name} shows the waiting icon`);
      // A click shows the blocked call: `event.wait()` in task().
      assert.equal(row.opens, 'event-gate-ready.ts:9:9', `${row.name} opens the wait's source`);
    }

    await assertRanToTheEnd(session);
  });

  it('Stop Run ends a running program and its host process exits', async () => {
    const session = await runFile(fixtureUri('event-gate-ready.ts'));
    // Stop mid-run: once every process is up and waiting on the event.
    await whenRun(session, 'the processes started waiting', () => processRows(api).length === 5 && processRows(api).every((r) => r.icon === 'watch'));
    const pid = session.hostPid;
    assert.ok(pid, 'the host has a pid');

    await vscode.commands.executeCommand('threadline.stopRun');
    const end = await session.ended;
    assert.equal(end.reason, 'stopped');
    // The host ended its workers itself: no kill after the 2 s grace period was needed.
    assert.equal(end.error, undefined, `stopped cleanly (${end.error ?? ''})`);

    await session.hostExited;
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the host process is gone');
    assert.equal(api.sessions.live, undefined);
    for (const row of processRows(api)) assert.doesNotMatch(row.description, /^waiting/, `${row.name} no longer waits`);
  });

  it('starting a run stops the one before it', async () => {
    const first = await runDemo('event-gate');
    const second = await runDemo('event-gate');
    assert.equal(api.sessions.current, second);
    await first.hostExited;
    assert.notEqual(first.end, undefined, 'the first run has ended');
    assert.equal(second.isLive, true, 'the second run goes on');
  });
});

describe('Run Current File', function () {
  let api: ThreadlineApi;

  before(async () => {
    api = await threadlineApi();
  });

  afterEach(() => stopLiveRun(api));

  it('runs the TypeScript file in the active editor', async () => {
    const file = demoUri('event-gate.ts');
    await vscode.window.showTextDocument(file);
    const session = await vscode.commands.executeCommand<RunSession | undefined>('threadline.runCurrentFile');
    assert.ok(session, 'a run started');
    assert.equal(session.programPath, file.fsPath);
    await whenRun(session, 'MainProcess started', () => treeRows(api)[0]?.name === 'MainProcess');
  });

  it('shows each process\'s exit code, failures in their own words (exit-codes fixture)', async () => {
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
    const file = vscode.Uri.joinPath(vscode.Uri.file(extensionPath), 'test', 'fixtures', 'programs', 'exit-codes.ts');
    // The editor title's Run button passes the editor's resource.
    const session = await vscode.commands.executeCommand<RunSession | undefined>('threadline.runCurrentFile', file);
    assert.ok(session, 'a run started');
    const end = await session.ended;
    assert.equal(end.exitCode, 0);
    const rows = treeRows(api);
    assert.deepEqual(
      rows.map((row) => [row.name, row.description, row.icon]),
      [['MainProcess', 'done · exit 0', 'pass']],
    );
    // Processes start concurrently, so their order in the tree (by worker id) varies; their
    // names do not (Python's counter: the named Reporter takes Process-1's number).
    const children = (rows[0]?.children ?? []).map((row) => [row.name, row.description, row.icon]).sort();
    assert.deepEqual(children, [
      ['Process-2', 'done · exit 0', 'pass'],
      ['Process-3', 'failed · exit 3', 'error'],
      ['Process-4', 'failed · exit 1', 'error'],
      ['Process-5', 'terminated · exit -15', 'debug-stop'],
      ['Reporter', 'done · exit 0', 'pass'],
    ]);
  });

  it('refuses a file that is not JavaScript or TypeScript', async () => {
    const file = demoUri('catalog.json');
    await vscode.window.showTextDocument(file);
    const before = api.sessions.current;
    const session = await vscode.commands.executeCommand<RunSession | undefined>('threadline.runCurrentFile');
    assert.equal(session, undefined);
    assert.equal(api.sessions.current, before, 'no run started');
  });
});
