// End-to-end: the two lessons the panel exists to make visible, in the packaged extension in a
// real VS Code (code-server + Playwright/Chromium), each read from the panel's DOM and
// photographed in a dark and a light theme:
//   - seed 001's silent failure: starmapAsync + wait prints "All done." although all four pool
//     tasks failed; the panel shows four failed task spans;
//   - the lock-ordering deadlock: the panel outlines a two-worker cycle and names both workers;
//     the run stays inspectable until Stop.
// The window has no folder open: the demos run from the installed extension, as for someone who
// has just installed it from the Marketplace.
// Screenshots: test/e2e/artifacts/demo-<id>-<dark|light>.png.
//
//   bash scripts/package-vsix.sh && node test/e2e/demoPanels.e2e.mjs
//
// Environment: THREADLINE_VSIX (default .cache/threadline.vsix), THREADLINE_E2E_TIMEOUT_S
// (whole test, default 240), THREADLINE_HEADED=1, THREADLINE_VERBOSE=1.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createProfile, ensureCodeServer, installVsix, launchChromium, onTerminate, repoRoot, startCodeServer } from '../../scripts/code-server.mjs';
import { ATTR, ID, findWebviewFrame, readPanelSummary, reporter, runCommand, runDemo, setColorTheme, waitForRunEnd } from './workbench.mjs';

const DARK = 'Dark Modern';
const LIGHT = 'Light Modern';
const vsixPath = process.env.THREADLINE_VSIX ?? join(repoRoot, '.cache', 'threadline.vsix');
const artifacts = join(repoRoot, 'test', 'e2e', 'artifacts');
const timeoutS = Number(process.env.THREADLINE_E2E_TIMEOUT_S ?? 240);
const verbose = process.env.THREADLINE_VERBOSE === '1';
const { say, check, failures } = reporter('e2e-demos');

if (!existsSync(vsixPath)) {
  console.error(`[e2e-demos] ${vsixPath} is missing: run \`bash scripts/package-vsix.sh\` first.`);
  process.exit(1);
}
mkdirSync(artifacts, { recursive: true });

const bin = ensureCodeServer();
const profile = createProfile({ prefix: 'threadline-e2e-demos-', settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
let server;
let browser;
let page;
async function cleanup() {
  await browser?.close().catch(() => {});
  await server?.stop();
}
const removeSignalHandlers = onTerminate(cleanup);
const watchdog = setTimeout(async () => {
  console.error(`[e2e-demos] TIMEOUT after ${timeoutS} s`);
  await page?.screenshot({ path: join(artifacts, 'failure-demos-timeout.png') }).catch(() => {});
  await cleanup();
  process.exit(1);
}, timeoutS * 1000);

/** Photographs the window in both themes, returning to dark. */
async function screenshotBothThemes(name) {
  await page.screenshot({ path: join(artifacts, `${name}-dark.png`) });
  await setColorTheme(page, LIGHT);
  await page.screenshot({ path: join(artifacts, `${name}-light.png`) });
  await setColorTheme(page, DARK);
  say(`${name}-dark.png, ${name}-light.png`);
}

try {
  installVsix(profile, vsixPath, { bin });
  server = await startCodeServer({ bin, profile });
  say(`code-server ${server.url} (pid ${server.pid})`);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  page = await context.newPage();
  page.on('console', (message) => verbose && console.log(`[workbench ${message.type()}] ${message.text()}`));
  await page.goto(server.workbenchUrl());
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  say('workbench loaded');
  check(!(await page.title()).includes('demos'), `no folder is open (window title "${await page.title()}")`);

  // --- Seed 001: errors lost silently, made visible ------------------------------------------
  await runDemo(page, 'Event in a Pool: errors lost silently', { say });
  let frame = await findWebviewFrame(page);
  await waitForRunEnd(frame);
  await frame.locator(`#${ID.summary}[${ATTR.failedTaskCount}="4"]`).waitFor({ state: 'attached', timeout: 10_000 }).catch(() => {});
  const pool = await readPanelSummary(frame);
  check(pool.attrs[ATTR.runState] === 'exited', `pool demo: the run exited (${pool.attrs[ATTR.runState]})`);
  check(pool.attrs[ATTR.exitCode] === '0', `pool demo: exit code 0 although every task failed (${pool.attrs[ATTR.exitCode]})`);
  check(pool.attrs[ATTR.taskCount] === '4', `pool demo: four task spans (${pool.attrs[ATTR.taskCount]})`);
  check(pool.attrs[ATTR.failedTaskCount] === '4', `pool demo: all four marked failed (${pool.attrs[ATTR.failedTaskCount]})`);
  check(
    pool.failedTasks.length === 4 && pool.failedTasks.every((task) => task.fn === 'task' && /RuntimeError/.test(task.text)),
    `pool demo: each failed task names its function and the RuntimeError (${pool.failedTasks.map((t) => `${t.index}:${t.fn}`).join(' ')})`,
  );
  const outputLines = await frame.locator(`#${ID.outputLog} > li`).allTextContents();
  check(outputLines.some((line) => line.includes('All done.')), 'pool demo: the program still printed "All done."');
  check(!outputLines.some((line) => /Task \d completed/.test(line)), 'pool demo: no task printed a line');
  await screenshotBothThemes('demo-pool-event-lost');

  // --- The lock-ordering deadlock ------------------------------------------------------------
  await runDemo(page, 'Lock-ordering deadlock', { say });
  frame = await findWebviewFrame(page);
  await frame.locator(`#${ID.summary}[${ATTR.deadlockCount}="1"]`).waitFor({ state: 'attached', timeout: 30_000 });
  await page.waitForTimeout(500);
  const deadlock = await readPanelSummary(frame);
  const cycle = deadlock.problems.find((problem) => problem.kind === 'deadlock');
  check(deadlock.attrs[ATTR.runState] === 'running', `deadlock demo: the run stays inspectable (${deadlock.attrs[ATTR.runState]})`);
  check(
    cycle !== undefined && [...cycle.workers].sort().join(',') === 'Process-1,Process-2' && !cycle.inconclusive,
    `deadlock demo: one conclusive cycle of Process-1 and Process-2 (${cycle?.workers.join(',')})`,
  );
  const stuck = deadlock.lanes.filter((lane) => lane.name.startsWith('Process-')).map((lane) => lane.state);
  check(stuck.length === 2 && stuck.every((state) => state === 'blocked'), `deadlock demo: both processes blocked (${stuck.join(',')})`);
  const bannerButtons = await frame.locator(`#${ID.problemsBanner} button[${ATTR.revealLine}]`).count();
  check(bannerButtons >= 2, `deadlock demo: the banner offers the blocked line of each worker (${bannerButtons} buttons)`);
  await screenshotBothThemes('demo-lock-order-deadlock');
  await runCommand(page, 'Threadline: Stop Run', { say });
  await waitForRunEnd(frame, 15_000);
  const stopped = await readPanelSummary(frame);
  check(stopped.attrs[ATTR.runState] === 'stopped', `deadlock demo: Stop ends the run (${stopped.attrs[ATTR.runState]})`);
} catch (error) {
  failures.push(String(error?.message ?? error));
  console.error('[e2e-demos] error:', error);
  await page?.screenshot({ path: join(artifacts, 'failure-demos.png') }).catch(() => {});
  if (server) console.error(`--- code-server log (last lines) ---\n${server.readLog().trim().split('\n').slice(-20).join('\n')}`);
} finally {
  clearTimeout(watchdog);
  removeSignalHandlers();
  await cleanup();
}
say(failures.length === 0 ? 'PASSED' : `FAILED (${failures.length}): ${failures.join('; ')}`);
process.exit(failures.length === 0 ? 0 : 1);
