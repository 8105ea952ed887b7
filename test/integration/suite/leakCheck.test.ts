// Twenty runs in a row in one extension host leave nothing behind: no host processes, no
// child-process handles or pipes, no extra threads, at most the one panel webview, and the
// extension host's heap back near where it started. Each run is the smallest demo.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ThreadlineApi } from '../../../src/extension/api';
import { runDemo, stopLiveRun, threadlineApi, withSetting } from './runHelpers';

const RUNS = 20;
/** Heap the last run's model may keep (it stays on screen) plus the extension host's own drift. */
const HEAP_SLACK_MB = 64;

interface Footprint {
  readonly hostProcesses: number;
  /** Children of the extension host that are not Threadline's (other extensions' servers, this check's own `ps`). */
  readonly otherChildren: readonly string[];
  readonly handles: Readonly<Record<string, number>>;
  readonly threads: number;
  readonly webviews: number;
  readonly heapMb: number;
}

/**
 * The extension host's child processes: Threadline's hosts (dist/host.js on their command line)
 * and the others. The extension host is shared: the built-in TypeScript support, for one, may
 * start a language server while the demos are opened, and its handle counts as a ProcessWrap.
 */
function children(): { readonly hosts: number; readonly others: string[] } {
  let table = '';
  try {
    table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  } catch {
    return { hosts: 0, others: [] };
  }
  const mine = table.split('\n').filter((line) => Number(line.trim().split(/\s+/)[1]) === process.pid);
  const isHost = (line: string) => /dist\/host\.js/.test(line);
  // The command, cut short: enough to say whose child it is.
  const others = mine.filter((line) => !isHost(line)).map((line) => line.trim().split(/\s+/).slice(2).join(' ').slice(0, 80));
  return { hosts: mine.filter(isHost).length, others };
}

function footprint(): Footprint {
  const handles: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
  const threads = Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
  const webviews = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('threadline.panel')).length;
  const { hosts, others } = children();
  return { hostProcesses: hosts, otherChildren: others, handles, threads, webviews, heapMb: process.memoryUsage().heapUsed / 2 ** 20 };
}

/** Child-process handles not Threadline's own children would explain: what `after` must not have. */
function unexplainedProcessHandles(before: Footprint, after: Footprint): number {
  const newOthers = Math.max(0, after.otherChildren.length - before.otherChildren.length);
  return (after.handles.ProcessWrap ?? 0) - (before.handles.ProcessWrap ?? 0) - newOthers;
}

/**
 * The footprint once child-process handles have settled (up to 2 s): a host's handle can still
 * be listed for a moment after its session said the host is gone. A handle that stays is a leak.
 */
async function settledFootprint(before: Footprint): Promise<Footprint> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const now = footprint();
    if (unexplainedProcessHandles(before, now) <= 0 || Date.now() > deadline) return now;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The processes behind this extension host's child-process handles, for a failure message. */
function processHandles(): string {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles
    .map((handle) => handle as { pid?: number; spawnargs?: string[] })
    .filter((child) => child.pid !== undefined)
    .map((child) => `${child.pid} ${(child.spawnargs ?? []).join(' ').slice(0, 100)}`)
    .join('; ');
}

describe('Leak check: 20 runs in one extension host', function () {
  this.timeout(180_000);
  let api: ThreadlineApi;
  let restorePanel: () => Promise<void>;

  before(async () => {
    api = await threadlineApi();
    // The panel opens on every run: it must be reused, not stacked.
    restorePanel = await withSetting('openPanelOnRun', true);
  });

  after(async () => {
    await stopLiveRun(api);
    await restorePanel();
  });

  it('leaves no host process, handle, thread or webview behind, and memory returns near baseline', async () => {
    // One run first, so what is created once (the panel, the output channel, lazy pools) is in the baseline.
    const warm = await runDemo('basics-process');
    await warm.ended;
    await warm.hostExited;
    const before = footprint();
    const starts = new Set<number>();
    for (let i = 0; i < RUNS; i++) {
      const session = await runDemo('basics-process');
      starts.add(session.sessionId);
      const end = await session.ended;
      assert.equal(end.exitCode, 0, `run ${i + 1}: ${end.error ?? ''}`);
      await session.hostExited;
    }
    const after = await settledFootprint(before);
    console.log(`      leak check over ${RUNS} runs: before ${JSON.stringify(before)}\n      after ${JSON.stringify(after)}`);
    assert.equal(starts.size, RUNS, 'every run was a new session');
    assert.equal(after.hostProcesses, 0, 'no host process left');
    // A child process handle more than before must belong to a child that is not Threadline's.
    assert.ok(
      unexplainedProcessHandles(before, after) <= 0,
      `ProcessWrap: ${before.handles.ProcessWrap ?? 0} before, ${after.handles.ProcessWrap ?? 0} after; children's handles: ${processHandles()}`,
    );
    for (const kind of ['PipeWrap', 'PipeConnectWrap', 'TCPWrap']) {
      assert.ok((after.handles[kind] ?? 0) <= (before.handles[kind] ?? 0), `${kind}: ${before.handles[kind] ?? 0} before, ${after.handles[kind] ?? 0} after`);
    }
    assert.ok((after.handles.Timeout ?? 0) <= (before.handles.Timeout ?? 0) + 3, `timers: ${before.handles.Timeout ?? 0} before, ${after.handles.Timeout ?? 0} after`);
    assert.ok(after.threads <= before.threads + 2, `threads: ${before.threads} before, ${after.threads} after`);
    assert.ok(after.webviews <= 1, `${after.webviews} Threadline panels open`);
    assert.ok(after.heapMb < before.heapMb + HEAP_SLACK_MB, `heap ${before.heapMb.toFixed(1)} MB before, ${after.heapMb.toFixed(1)} MB after`);
  });
});
