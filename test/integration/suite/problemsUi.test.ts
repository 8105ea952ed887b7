// The Problems UI from synthetic findings: a trace built here (a two-lock deadlock, a hang on
// an Event, a lock-order inversion, an inconclusive hang) is loaded as a finished session, and
// the Problems view, the diagnostics and the editor decorations are read back. Pins the words
// and lines each finding produces, independently of the detectors' timing.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ThreadlineApi } from '../../../src/extension/api';
import { asMillis, asPrimitiveId, asWorkerId } from '../../../src/model/ids';
import type { Problem } from '../../../src/model/problems';
import type { SourceSite, TraceEvent } from '../../../src/model/trace';
import type { TraceFile } from '../../../src/extension/traceFile';
import { threadlineApi, withSetting } from './runHelpers';
import { appliedTo, rowsOf, rowsText, whenDecorations } from './sidebarHelpers';

const dir = mkdtempSync(join(tmpdir(), 'threadline-problems-'));
const program = join(dir, 'bank.ts');
writeFileSync(program, Array.from({ length: 20 }, (_, i) => `// line ${i + 1}`).join('\n'));
const site = (line: number, column = 5): SourceSite => ({ file: program, line, column });

const [MAIN, P1, P2, P3] = [0, 1, 2, 3].map(asWorkerId) as [ReturnType<typeof asWorkerId>, ReturnType<typeof asWorkerId>, ReturnType<typeof asWorkerId>, ReturnType<typeof asWorkerId>];
const [A, B, GO] = [10, 11, 12].map(asPrimitiveId) as [ReturnType<typeof asPrimitiveId>, ReturnType<typeof asPrimitiveId>, ReturnType<typeof asPrimitiveId>];
const ms = asMillis;

const deadlock: Problem = {
  id: 'deadlock:1,2',
  kind: 'deadlock',
  detectedAt: ms(120),
  summary: 'Deadlock: Process-1 waits for lock `b` held by Process-2; Process-2 waits for lock `a` held by Process-1',
  workers: [
    { worker: P1, workerName: 'Process-1', wait: 'lock', primitive: B, primitiveName: 'b', primitiveKind: 'lock', heldBy: P2, heldByName: 'Process-2', site: site(7), since: ms(100) },
    { worker: P2, workerName: 'Process-2', wait: 'lock', primitive: A, primitiveName: 'a', primitiveKind: 'lock', heldBy: P1, heldByName: 'Process-1', site: site(12), since: ms(101) },
  ],
};
const hang: Problem = {
  id: 'hang:3',
  kind: 'hang',
  detectedAt: ms(300),
  summary: 'Hang: Process-3 waits on event `go`, which nobody will set',
  workers: [{ worker: P3, workerName: 'Process-3', wait: 'event', primitive: GO, primitiveName: 'go', primitiveKind: 'event', site: site(15, 3), since: ms(90) }],
  inconclusive: true,
};
const inversion: Problem = {
  id: 'potentialDeadlock:10,11',
  kind: 'potentialDeadlock',
  detectedAt: ms(101),
  summary: 'Potential deadlock (lock-order inversion): Process-1 takes `a` then `b`; Process-2 takes `b` then `a`',
  workers: [],
  orders: [
    { worker: P1, workerName: 'Process-1', first: A, firstName: 'a', then: B, thenName: 'b', firstSite: site(6), thenSite: site(7), at: ms(100) },
    { worker: P2, workerName: 'Process-2', first: B, firstName: 'b', then: A, thenName: 'a', firstSite: site(11), thenSite: site(12), at: ms(101) },
  ],
};

function syntheticTrace(): TraceFile {
  const events: TraceEvent[] = [
    { t: 'workerStart', at: ms(0), worker: MAIN, name: 'MainProcess', role: 'main', daemon: false },
    { t: 'primitiveCreate', at: ms(1), worker: MAIN, primitive: A, kind: 'lock', name: 'a', site: site(2) },
    { t: 'primitiveCreate', at: ms(2), worker: MAIN, primitive: B, kind: 'lock', name: 'b', site: site(3) },
    { t: 'primitiveCreate', at: ms(3), worker: MAIN, primitive: GO, kind: 'event', name: 'go', site: site(4) },
    ...[P1, P2, P3].map((worker, i): TraceEvent => ({ t: 'workerStart', at: ms(10 + i), worker, name: `Process-${i + 1}`, role: 'process', parent: MAIN, daemon: false, target: 'transfer' })),
    { t: 'op', at: ms(50), worker: P1, primitive: A, op: 'acquire', seq: 1, site: site(6) },
    { t: 'op', at: ms(51), worker: P2, primitive: B, op: 'acquire', seq: 1, site: site(11) },
    { t: 'waitBegin', at: ms(90), worker: P3, wait: 'event', primitive: GO, site: site(15, 3) },
    { t: 'waitBegin', at: ms(100), worker: P1, wait: 'lock', primitive: B, site: site(7) },
    { t: 'waitBegin', at: ms(101), worker: P2, wait: 'lock', primitive: A, site: site(12) },
    { t: 'problem', at: ms(101), problem: inversion },
    { t: 'problem', at: ms(120), problem: deadlock },
    { t: 'problem', at: ms(300), problem: hang },
  ];
  return {
    version: 1,
    run: { runId: 'synthetic', program, startedAtEpochMs: Date.now() },
    // Cut short: the trace of a run that was still stuck (its workers never exited).
    events,
  };
}

describe('Problems UI from synthetic findings', function () {
  let api: ThreadlineApi;
  let restorePanelSetting: () => Promise<void>;

  before(async () => {
    api = await threadlineApi();
    restorePanelSetting = await withSetting('openPanelOnRun', false);
  });

  after(async () => {
    await restorePanelSetting();
  });

  it('lists each finding with its workers and lines, most urgent first', () => {
    const noticesBefore = api.notifier.notices.length;
    api.sessions.load(syntheticTrace(), join(dir, 'synthetic.json'));
    const rows = rowsOf(api.problemsTree);
    assert.deepEqual(rowsText(rows), [
      'Deadlock — Process-1, Process-2 · at 120 ms',
      '  Process-1 waits for lock `b` held by Process-2 — bank.ts:7 · 200 ms',
      '  Process-2 waits for lock `a` held by Process-1 — bank.ts:12 · 199 ms',
      'Hang — Process-3 · at 300 ms · inconclusive',
      '  Process-3 waits on event `go` — bank.ts:15 · 210 ms',
      'Potential deadlock — Process-1, Process-2 · at 101 ms',
      '  Process-1 takes `a` then `b` — bank.ts:6 → bank.ts:7',
      '    takes `a` — bank.ts:6',
      '    then takes `b` while holding `a` — bank.ts:7',
      '  Process-2 takes `b` then `a` — bank.ts:11 → bank.ts:12',
      '    takes `b` — bank.ts:11',
      '    then takes `a` while holding `b` — bank.ts:12',
    ]);
    assert.deepEqual(rows.map((r) => r.icon), ['error', 'debug-pause', 'warning']);
    assert.equal(rows[0]?.opens, 'bank.ts:7:5', 'a finding opens its first blocked call');
    assert.equal(rows[0]?.children[1]?.opens, 'bank.ts:12:5');
    assert.equal(api.notifier.notices.length, noticesBefore, 'a loaded trace does not notify');
  });

  it('puts a diagnostic at each blocked call and each inverted acquisition', () => {
    api.sessions.load(syntheticTrace(), join(dir, 'synthetic.json'));
    const diagnostics = vscode.languages
      .getDiagnostics(vscode.Uri.file(program))
      .map((d) => [d.range.start.line + 1, d.severity, d.code, d.message, d.relatedInformation?.map((r) => `${r.location.range.start.line + 1}: ${r.message}`)])
      .sort((x, y) => Number(x[0]) - Number(y[0]) || String(x[2]).localeCompare(String(y[2])));
    const { Error, Warning } = vscode.DiagnosticSeverity;
    assert.deepEqual(diagnostics, [
      [7, Error, 'deadlock', 'Deadlock: Process-1 waits for lock `b` held by Process-2', ['12: Process-2 waits for lock `a` held by Process-1']],
      [7, Warning, 'potentialDeadlock', 'Potential deadlock: Process-1 takes `a` then `b`, while another worker takes them in the opposite order', ['6: Process-1 takes `a` here', '12: Process-2 takes `b` then `a`']],
      [12, Error, 'deadlock', 'Deadlock: Process-2 waits for lock `a` held by Process-1', ['7: Process-1 waits for lock `b` held by Process-2']],
      [12, Warning, 'potentialDeadlock', 'Potential deadlock: Process-2 takes `b` then `a`, while another worker takes them in the opposite order', ['11: Process-2 takes `b` here', '7: Process-1 takes `a` then `b`']],
      [15, Warning, 'hang', 'Hang: Process-3 waits on event `go` (inconclusive: trace records were lost)', []],
    ]);
  });

  it('annotates each blocked line, with gutter icons on the deadlock\'s lines', async () => {
    api.sessions.load(syntheticTrace(), join(dir, 'synthetic.json'));
    const uri = vscode.Uri.file(program);
    await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.One });
    await whenDecorations(api, 'three blocked lines in bank.ts', () => appliedTo(api, uri)?.annotations.length === 3);
    const applied = appliedTo(api, uri);
    assert.deepEqual(applied?.annotations.map((a) => [a.line, a.text]).sort((x, y) => Number(x[0]) - Number(y[0])), [
      [7, 'Process-1 waiting on lock `b` held by Process-2 · 200 ms'],
      [12, 'Process-2 waiting on lock `a` held by Process-1 · 199 ms'],
      [15, 'Process-3 waiting on event `go` · 210 ms'],
    ]);
    assert.deepEqual([...(applied?.gutter ?? [])].sort((a, b) => a - b), [7, 12], 'gutter icons only on the deadlock\'s lines');
    const hover = applied?.annotations.find((a) => a.line === 15)?.hover ?? '';
    assert.match(hover, /Hang: Process\\-3 waits on event/);
    assert.match(hover, /inconclusive/);
  });

  it('takes the holder of a lock from its ops when no finding names it', async () => {
    const trace = syntheticTrace();
    // The same run a moment before the detectors spoke: no problem events at all.
    const early: TraceFile = { ...trace, events: trace.events.filter((e) => e.t !== 'problem') };
    api.sessions.load(early, join(dir, 'early.json'));
    assert.deepEqual(rowsOf(api.problemsTree), []);
    assert.equal(vscode.languages.getDiagnostics(vscode.Uri.file(program)).length, 0, 'loading another session replaces the diagnostics');
    const lines = api.decorations.lines.map((l) => [l.line, l.text, l.problems]).sort((x, y) => Number(x[0]) - Number(y[0]));
    assert.deepEqual(lines, [
      [7, 'Process-1 waiting on lock `b` held by Process-2 · 1 ms', []],
      [12, 'Process-2 waiting on lock `a` held by Process-1 · 0 ms', []],
      [15, 'Process-3 waiting on event `go` · 11 ms', []],
    ]);
  });
});
