// Scale in VS Code: the 200-process / 1 M-record program of bench/scaleRun.mjs, run through the
// extension (Run Current File) in a real extension host (code-server), once with the panel
// closed and once with it open. Prints the peak resident memory of the extension host and of
// the run's host process. Each mode gets a fresh code-server, so a high-water mark is that
// mode's alone. The extension-host side is test/integration/scale/index.ts.
// Usage: node bench/extensionHostScale.mjs [processes=200] [roundsPerProcess=2500] [modes=closed,open]
//        (after `npm run build`; code-server from scripts/setup-vscode.sh or THREADLINE_CODE_SERVER_DIR)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProfile, ensureCodeServer, launchChromium, onTerminate, startCodeServer } from '../scripts/code-server.mjs';
import { root } from './lib.mjs';

const processes = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 2500);
const modes = (process.argv[4] ?? 'closed,open').split(',');
const entry = join(root, 'dist', 'test', 'integration', 'scale.js');
const timeoutS = Number(process.env.THREADLINE_SCALE_TIMEOUT_S ?? 600);

if (!existsSync(entry)) {
  console.error(`${entry} is missing: run \`npm run build\` first.`);
  process.exit(1);
}

const bin = ensureCodeServer();
let server;
let browser;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
};
const removeSignalHandlers = onTerminate(cleanup);

async function measure(panel) {
  const profile = createProfile({ prefix: 'threadline-scale-' });
  const resultPath = join(profile.dir, 'scale.json');
  try {
    server = await startCodeServer({
      bin,
      profile,
      workspace: join(root, 'demos'),
      env: {
        THREADLINE_SCALE_RESULT: resultPath,
        THREADLINE_SCALE_PANEL: panel,
        THREADLINE_BENCH_PROCESSES: String(processes),
        THREADLINE_BENCH_ROUNDS: String(rounds),
      },
    });
    browser = await launchChromium();
    const page = await browser.newPage();
    let reportExit;
    const exited = new Promise((resolve) => (reportExit = resolve));
    // The workbench calls it once run() settles (0: it resolved).
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    await page.goto(
      server.workbenchUrl({
        payload: [
          ['extensionDevelopmentPath', server.remoteUri(root)],
          ['extensionTestsPath', server.remoteUri(entry)],
        ],
      }),
    );
    let timer;
    const outcome = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutS * 1000)))]);
    clearTimeout(timer);
    if (outcome !== 0 || !existsSync(resultPath)) {
      const tail = server.readLog().trim().split('\n').slice(-20).join('\n');
      throw new Error(`panel ${panel}: the extension host's run ${outcome === 'timeout' ? `did not end within ${timeoutS} s` : `ended with ${outcome}`}\n${tail}`);
    }
    return JSON.parse(readFileSync(resultPath, 'utf8'));
  } finally {
    await cleanup();
    browser = undefined;
    server = undefined;
  }
}

const rows = [];
try {
  for (const panel of modes) rows.push(await measure(panel));
} finally {
  removeSignalHandlers();
}

console.log(`scale run in VS Code (code-server): ${processes} processes, ${rounds} rounds each, Run Current File`);
console.log('panel   processes  events kept  dropped  failed    run   ext host RSS before  peak (sampled)  peak (VmHWM)   host peak');
for (const r of rows) {
  console.log(
    `${r.panel.padEnd(6)}  ${String(r.processes).padStart(9)}  ${r.eventsKept.toLocaleString('en-US').padStart(11)}  ${String(r.recordsDropped).padStart(7)}  ${String(r.failed).padStart(6)}  ${r.runSeconds.toFixed(1).padStart(5)} s  ${String(r.extensionHostBeforeMb).padStart(16)} MB  ${String(r.extensionHostPeakMb).padStart(11)} MB  ${String(r.extensionHostHighWaterMb).padStart(9)} MB  ${String(r.hostPeakMb).padStart(7)} MB`,
  );
  if (r.error) console.log(`        error: ${r.error}`);
}
console.log('extension host JS heap after a full GC: before the run → after it (the finished run stays on screen) → after it without the session\'s event list');
for (const r of rows) {
  const kept = r.heapAfterGcMb - r.heapBeforeMb;
  const perEvent = (kept * 2 ** 20) / Math.max(1, r.eventsKept);
  const list = ((r.heapAfterGcMb - r.heapWithoutEventListMb) * 2 ** 20) / Math.max(1, r.eventsKept);
  console.log(
    `${r.panel.padEnd(6)}  ${r.heapBeforeMb} → ${r.heapAfterGcMb} → ${r.heapWithoutEventListMb} MB: ${perEvent.toFixed(0)} B per event kept, of which ${list.toFixed(0)} B in the event list and ${(perEvent - list).toFixed(0)} B in the model`,
  );
}
const incomplete = rows.filter((r) => r.processes !== processes || r.failed > 0 || r.error);
if (incomplete.length > 0) {
  console.error(`verdict: FAILED (${incomplete.map((r) => `panel ${r.panel}: ${r.processes} of ${processes} processes, ${r.failed} failed`).join('; ')})`);
  process.exit(1);
}
console.log('verdict: completed');
process.exit(0);
