// The sidebar, editor and Problems panel during and after real runs: the event-gate demo
// (five processes wait on one Event) and the lock-ordering deadlock demo (two processes each
// hold one lock and wait for the other's). Asserts on the very items the tree providers give
// VS Code, on the decorations set on the visible editor, and on the diagnostics, all through
// the extension's API and the run's own events: no sleeps.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ThreadlineApi } from '../../../src/extension/api';
import { demoUri, processRows, runDemo, settleTypeScript, stopLiveRun, threadlineApi, treeRows, whenRun, withSetting } from './runHelpers';
import { appliedTo, rowsOf, whenDecorations } from './sidebarHelpers';

describe('Sidebar: event-gate', function () {
  let api: ThreadlineApi;
  let restorePanelSetting: () => Promise<void>;

  before(async () => {
    api = await threadlineApi();
    // As in runDemo.test: no panel painting, TypeScript settled, so the demo's 2 s suffice.
    restorePanelSetting = await withSetting('openPanelOnRun', false);
    await settleTypeScript();
  });

  after(async () => {
    await restorePanelSetting();
  });

  afterEach(() => stopLiveRun(api));

  it('shows the Event with its waiters, annotates the wait line, then clears it', async () => {
    const refreshesBefore = api.workersTree.refreshCount;
    const startedAt = Date.now();
    const session = await runDemo('event-gate');
    const file = demoUri('event-gate.ts');

    // How many processes wait at once depends on the machine (each races the main process's
    // 2 s sleep), so this reads whoever waits at one moment and checks every view agrees.
    // Both views are read in the same instant as the check: a later batch may land before this
    // test's continuation runs.
    let waiting: string[] = [];
    let primitives: ReturnType<typeof rowsOf> = [];
    await whenRun(session, 'a process waited on the event', () => {
      waiting = processRows(api).filter((row) => row.description.startsWith('waiting on event')).map((row) => row.name);
      primitives = rowsOf(api.primitivesTree);
      return waiting.length > 0;
    });

    // Primitives: the Event with its waiters under it; a click opens `new Event()`. (The main
    // process's `set` may already be drained while the waiters' wake-ups are not yet.)
    const event = primitives.find((row) => row.label === 'event');
    assert.ok(event, `an Event named event (${primitives.map((r) => r.label).join(', ')})`);
    assert.match(event.description, new RegExp(`^event · (clear|set) · ${waiting.length} waiting$`));
    assert.equal(event.icon, 'bell');
    assert.equal(event.opens, 'event-gate.ts:20:17', 'a click opens where it was created');
    assert.deepEqual(event.children.map((row) => row.label), waiting);
    for (const waiter of event.children) {
      assert.match(waiter.description, /^waiting · \d.* · event-gate\.ts:10$/, `${waiter.label}: ${waiter.description}`);
      assert.equal(waiter.opens, 'event-gate.ts:10:9');
    }
    assert.equal(primitives.some((row) => row.label.startsWith('Process-')), false, 'Process handles are in the Workers view only');

    // The editor: one annotation on line 10 (`event.wait()`) for the waiters; no gutter icon.
    await whenDecorations(api, 'the waiters on line 10', () => appliedTo(api, file)?.annotations.some((a) => a.line === 10) === true);
    const applied = appliedTo(api, file);
    const line10 = applied?.annotations.find((a) => a.line === 10);
    assert.match(line10?.text ?? '', /^Process-\d(, Process-\d)*( \+\d)? waiting on event `event` · \d/);
    assert.match(line10?.hover ?? '', /Process\\-\d\*\* waiting on event .* \(no timeout\)/);
    assert.deepEqual(applied?.gutter, []);

    const end = await session.ended;
    assert.equal(end.exitCode, 0);
    await whenDecorations(api, 'nothing once the run ended', () => api.decorations.lines.length === 0);
    assert.equal(appliedTo(api, file), undefined, 'the annotation is gone');

    const after = rowsOf(api.primitivesTree).find((row) => row.label === 'event');
    assert.equal(after?.description, 'event · set · 0 waiting');
    assert.deepEqual(after?.children, []);
    assert.deepEqual(rowsOf(api.problemsTree), [], 'a healthy run has no problems');
    assert.equal(vscode.languages.getDiagnostics(file).filter((d) => d.source === 'Threadline').length, 0);
    assert.equal(treeRows(api)[0]?.description, 'done · exit 0');

    // Batched: at most one whole-tree refresh per 200 ms (plus the start and the end).
    const refreshes = api.workersTree.refreshCount - refreshesBefore;
    const allowed = Math.ceil((Date.now() - startedAt) / 200) + 3;
    assert.ok(refreshes <= allowed, `${refreshes} refreshes in ${Date.now() - startedAt} ms (≤ ${allowed})`);
  });
});

describe('Sidebar: lock-ordering deadlock', function () {
  let api: ThreadlineApi;
  let restorePanelSetting: () => Promise<void>;

  before(async () => {
    api = await threadlineApi();
    restorePanelSetting = await withSetting('openPanelOnRun', false);
  });

  after(async () => {
    await restorePanelSetting();
  });

  afterEach(() => stopLiveRun(api));

  it('reports the deadlock in the trees, the editor, the Problems panel and a notification', async () => {
    const session = await runDemo('lock-order-deadlock');
    const file = demoUri('lock-order-deadlock.ts');
    const noticesBefore = api.notifier.notices.length;
    await whenRun(session, 'the detectors reported the deadlock', () => [...session.model.problems.values()].some((p) => p.kind === 'deadlock'));
    assert.equal(session.isLive, true, 'the run stays inspectable after a deadlock');

    // Problems view: the deadlock first, each worker's blocked call, then the inversion.
    const problems = rowsOf(api.problemsTree);
    assert.deepEqual(problems.map((row) => row.label).slice(0, 1), ['Deadlock']);
    const deadlock = problems[0];
    assert.equal(deadlock?.icon, 'error');
    assert.deepEqual(
      deadlock?.children.map((row) => [row.label, row.opens]),
      [
        ['Process-1 waits for lock `b` held by Process-2', 'lock-order-deadlock.ts:12:10'],
        ['Process-2 waits for lock `a` held by Process-1', 'lock-order-deadlock.ts:12:10'],
      ],
    );
    const inversion = problems.find((row) => row.label === 'Potential deadlock');
    if (inversion) {
      assert.deepEqual(inversion.children.map((row) => row.label).sort(), ['Process-1 takes `a` then `b`', 'Process-2 takes `b` then `a`']);
      assert.deepEqual(inversion.children[0]?.children.map((row) => row.opens), ['lock-order-deadlock.ts:7:9', 'lock-order-deadlock.ts:12:10']);
    }

    // Primitives: who holds each lock, who waits.
    const locks = rowsOf(api.primitivesTree).filter((row) => row.icon === 'lock');
    assert.deepEqual(
      locks.map((row) => [row.label, row.description, row.children.map((c) => c.label)]),
      [
        ['a', 'lock · held by Process-1 · 1 waiting', ['Process-2']],
        ['b', 'lock · held by Process-2 · 1 waiting', ['Process-1']],
      ],
    );

    // Workers: both processes blocked on the other's lock.
    const workers = processRows(api).map((row) => [row.name, row.description.replace(/ · [\d.]+ m?s$/, ''), row.icon]);
    assert.deepEqual(workers, [
      ['Process-1', 'blocked on b', 'lock'],
      ['Process-2', 'blocked on a', 'lock'],
    ]);

    // Diagnostics: an error at each blocked call, with the other worker's call as related info.
    const diagnostics = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'Threadline');
    const errors = diagnostics.filter((d) => d.code === 'deadlock');
    assert.deepEqual(
      errors.map((d) => [d.severity, d.range.start.line + 1, d.range.start.character + 1, d.message]),
      [
        [vscode.DiagnosticSeverity.Error, 12, 10, 'Deadlock: Process-1 waits for lock `b` held by Process-2'],
        [vscode.DiagnosticSeverity.Error, 12, 10, 'Deadlock: Process-2 waits for lock `a` held by Process-1'],
      ],
    );
    assert.equal(errors[0]?.relatedInformation?.[0]?.message, 'Process-2 waits for lock `a` held by Process-1');
    for (const warning of diagnostics.filter((d) => d.code === 'potentialDeadlock')) {
      assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(warning.range.start.line + 1, 12, 'at the inverted acquisition');
    }

    // The editor: line 12 annotated for both processes, with a gutter icon.
    await vscode.window.showTextDocument(file, { preview: true, viewColumn: vscode.ViewColumn.One });
    await whenDecorations(api, 'the deadlock on line 12', () => appliedTo(api, file)?.gutter.includes(12) === true);
    const applied = appliedTo(api, file);
    assert.deepEqual(applied?.gutter, [12], 'the gutter marks the deadlock only, not the join waiting on it');
    const annotations = [...(applied?.annotations ?? [])].sort((x, y) => x.line - y.line);
    assert.deepEqual(annotations.map((a) => a.line), [12, 27], 'the two locks\' line, and `left.join()`');
    assert.match(annotations[0]?.text ?? '', /^Process-1 waiting on lock `b` held by Process-2 · [\d.]+ m?s {2}\(\+1 more here\)$/);
    assert.match(annotations[0]?.hover ?? '', /Process\\-2\*\* waiting on lock \\`a\\` held by Process\\-1/);
    assert.match(annotations[0]?.hover ?? '', /Deadlock: /);
    assert.match(annotations[1]?.text ?? '', /^MainProcess waiting to join Process-1 · /);

    // One notification for the deadlock, the run not stopped (stopOnDeadlock is off).
    const notices = api.notifier.notices.slice(noticesBefore);
    assert.deepEqual(notices.map((n) => [n.problem.kind, n.stopped]), [['deadlock', false]]);
    assert.match(api.statusBar.text, /deadlock/);

    // Stopping clears the decorations; the diagnostics stay until the next run starts.
    await vscode.commands.executeCommand('threadline.stopRun');
    await session.ended;
    await whenDecorations(api, 'nothing after Stop', () => appliedTo(api, file) === undefined);
    assert.ok(vscode.languages.getDiagnostics(file).some((d) => d.source === 'Threadline'), 'diagnostics stay after the run');

    const next = await runDemo('event-gate');
    assert.equal(vscode.languages.getDiagnostics(file).filter((d) => d.source === 'Threadline').length, 0, 'a new run clears them');
    next.stop();
    await next.hostExited;
  });

  it('stops the run on a deadlock when threadline.stopOnDeadlock is on', async () => {
    const restore = await withSetting('stopOnDeadlock', true);
    try {
      const session = await runDemo('lock-order-deadlock');
      const end = await session.ended;
      assert.equal(end.reason, 'stopped');
      assert.ok([...session.model.problems.values()].some((p) => p.kind === 'deadlock'), 'stopped because of the deadlock');
      assert.equal(api.notifier.notices.at(-1)?.stopped, true);
    } finally {
      await restore();
    }
  });
});

describe('Sidebar: hang', function () {
  let api: ThreadlineApi;
  let restorePanelSetting: () => Promise<void>;

  before(async () => {
    api = await threadlineApi();
    restorePanelSetting = await withSetting('openPanelOnRun', false);
  });

  after(async () => {
    await restorePanelSetting();
  });

  afterEach(() => stopLiveRun(api));

  it('shows an Event nobody sets, its waiter, the join on it, and the hang', async () => {
    const session = await runDemo('hang');
    const file = demoUri('hang.ts');
    await whenRun(session, 'the detectors reported the hang', () => [...session.model.problems.values()].some((p) => p.kind === 'hang'));

    const start = rowsOf(api.primitivesTree).find((row) => row.label === 'start');
    assert.equal(start?.description, 'event · clear · 1 waiting');
    assert.deepEqual(start?.children.map((row) => [row.label, row.opens]), [['Process-1', 'hang.ts:8:9']]);

    const problems = rowsOf(api.problemsTree);
    assert.deepEqual(problems.map((row) => [row.label, row.icon]), [['Hang', 'debug-pause']]);
    assert.ok(problems[0]?.children.some((row) => row.opens === 'hang.ts:8:9'), 'the hang lists the wait on `start`');

    const hangs = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'Threadline');
    assert.ok(hangs.length > 0 && hangs.every((d) => d.severity === vscode.DiagnosticSeverity.Warning && d.code === 'hang'));
    assert.ok(hangs.some((d) => d.range.start.line + 1 === 8));

    await vscode.window.showTextDocument(file, { preview: true, viewColumn: vscode.ViewColumn.One });
    await whenDecorations(api, 'the waits of hang.ts', () => (appliedTo(api, file)?.annotations.length ?? 0) >= 2);
    const annotations = [...(appliedTo(api, file)?.annotations ?? [])].sort((x, y) => x.line - y.line);
    assert.match(annotations[0]?.text ?? '', /^Process-1 waiting on event `start` · /);
    assert.match(annotations[1]?.text ?? '', /^MainProcess waiting to join Process-1 · /);
    assert.deepEqual(appliedTo(api, file)?.gutter, [], 'no gutter icon: a hang is not a deadlock');
    assert.match(api.statusBar.text, /hang/);
  });
});
