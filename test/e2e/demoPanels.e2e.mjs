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
import { join } from 'node:path';
import { repoRoot } from '../../scripts/code-server.mjs';
import { ATTR, ID, findWebviewFrame, readPanelSummary, runCommand, runDemo, runPackagedWorkbench, setColorTheme, waitForRunEnd } from './workbench.mjs';

const artifacts = join(repoRoot, 'test', 'e2e', 'artifacts');
const timeoutS = Number(process.env.THREADLINE_E2E_TIMEOUT_S ?? 240);

await runPackagedWorkbench({ tag: 'e2e-demos', prefix: 'threadline-e2e-demos-', timeoutS, artifacts }, async ({ page, say, check }) => {
  check(!(await page.title()).includes('demos'), `no folder is open (window title "${await page.title()}")`);

  /** Photographs the window in both themes, returning to dark. */
  const screenshotBothThemes = async (name) => {
    await page.screenshot({ path: join(artifacts, `${name}-dark.png`) });
    await setColorTheme(page, 'Light Modern', { say });
    await page.screenshot({ path: join(artifacts, `${name}-light.png`) });
    await setColorTheme(page, 'Dark Modern', { say });
    say(`${name}-dark.png, ${name}-light.png`);
  };

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
});
