// The extension-host half of bench/extensionHostScale.mjs: VS Code's extension host calls
// `run()` (as for the integration suite), which runs bench/programs/manyProcesses.ts through
// Run Current File, samples the resident memory of this extension host and of the run's host
// process while it goes, and writes what it measured to $THREADLINE_SCALE_RESULT.
//
// Environment (set by the bench, reaching here through code-server): THREADLINE_SCALE_RESULT,
// THREADLINE_SCALE_PANEL (open | closed), THREADLINE_BENCH_PROCESSES / _ROUNDS (the program's).
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { RunSession, ThreadlineApi } from '../../../src/extension/api';

const EXTENSION_ID = 'threadline.threadline';
const SAMPLE_MS = 100;

/** What the bench prints; sizes in MB. */
export interface ScaleResult {
  readonly panel: 'open' | 'closed';
  readonly processes: number;
  readonly failed: number;
  readonly eventsKept: number;
  readonly recordsWritten: number;
  readonly recordsDropped: number;
  readonly runSeconds: number;
  readonly error: string | undefined;
  /** Before the run: the extension host with the extension active (and the panel, if open). */
  readonly extensionHostBeforeMb: number;
  /** The largest resident size sampled during the run, and the kernel's high-water mark after it. */
  readonly extensionHostPeakMb: number;
  readonly extensionHostHighWaterMb: number;
  /** JavaScript heap used after a full GC: before the run, after it (what the finished run keeps), and after it without the session's event list. */
  readonly heapBeforeMb: number;
  readonly heapAfterGcMb: number;
  readonly heapWithoutEventListMb: number;
  readonly hostPeakMb: number;
}

function statusKb(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // gone already
  }
}

const mb = (kb: number) => Math.round(kb / 1024);

/** A full GC on demand, so the heap left is what is retained rather than garbage not yet collected. */
function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return typeof gc === 'function' ? () => (gc as () => void)() : () => {};
}

export async function run(): Promise<void> {
  const resultPath = process.env.THREADLINE_SCALE_RESULT;
  if (!resultPath) throw new Error('THREADLINE_SCALE_RESULT is not set');
  const panel = process.env.THREADLINE_SCALE_PANEL === 'open' ? 'open' : 'closed';
  const extension = vscode.extensions.getExtension<ThreadlineApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  await vscode.workspace.getConfiguration('threadline').update('openPanelOnRun', panel === 'open', vscode.ConfigurationTarget.Global);
  if (panel === 'open') {
    const ready = new Promise<void>((resolve) => {
      const subscription = api.panel.onDidPostMessage((message) => {
        if (message.type !== 'reset') return;
        subscription.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('threadline.showPanel');
    await ready;
  }
  const collect = fullGc();
  collect();
  const extensionHostBefore = statusKb('self', 'VmRSS');
  const heapBefore = process.memoryUsage().heapUsed;

  const program = vscode.Uri.joinPath(extension.extensionUri, 'bench', 'programs', 'manyProcesses.ts');
  const started = performance.now();
  const session = await vscode.commands.executeCommand<RunSession | undefined>('threadline.runCurrentFile', program);
  if (!session) throw new Error('threadline.runCurrentFile returned no session');
  let extensionHostPeak = extensionHostBefore;
  let hostPeak = 0;
  const hostPid = session.hostPid;
  const sample = () => {
    extensionHostPeak = Math.max(extensionHostPeak, statusKb('self', 'VmRSS'));
    // The host's own high-water mark, read while it is still there.
    if (hostPid !== undefined) hostPeak = Math.max(hostPeak, statusKb(hostPid, 'VmHWM'));
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  const end = await session.ended;
  sample();
  clearInterval(sampler);
  const runSeconds = (performance.now() - started) / 1000;
  await session.hostExited;
  collect();
  const heapAfter = process.memoryUsage().heapUsed;
  const eventsKept = session.events.length;
  // What the event list alone retains (the model keeps its own records): measured by emptying
  // it, which is why this comes last.
  (session.events as unknown[]).length = 0;
  collect();
  const heapWithoutEventList = process.memoryUsage().heapUsed;

  const workers = [...session.model.workers.values()];
  const result: ScaleResult = {
    panel,
    processes: workers.filter((w) => w.role === 'process').length,
    failed: workers.filter((w) => (w.exitCode ?? 0) !== 0).length,
    eventsKept,
    recordsWritten: end.records.written,
    recordsDropped: end.records.dropped,
    runSeconds,
    error: end.error,
    extensionHostBeforeMb: mb(extensionHostBefore),
    extensionHostPeakMb: mb(extensionHostPeak),
    extensionHostHighWaterMb: mb(statusKb('self', 'VmHWM')),
    heapBeforeMb: Math.round(heapBefore / 2 ** 20),
    heapAfterGcMb: Math.round(heapAfter / 2 ** 20),
    heapWithoutEventListMb: Math.round(heapWithoutEventList / 2 ** 20),
    hostPeakMb: mb(hostPeak),
  };
  writeFileSync(resultPath, JSON.stringify(result, null, 2));
}
