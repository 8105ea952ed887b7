// Screenshots of Threadline where VS Code users look: the Run and Debug sidebar (welcome,
// Workers, Problems, Primitives), the editor annotations and deadlock gutter icons, and the
// walkthrough. code-server with the repo as the extension under development (no VSIX needed),
// driven by Playwright in Chromium. Screenshots go to test/e2e/artifacts/sidebar-*.png.
//
//   node esbuild.mjs && node test/e2e/sidebar.e2e.mjs
//
// Environment: THREADLINE_HEADED=1, THREADLINE_VERBOSE=1. Exit code 0 when every step ran.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createProfile, ensureCodeServer, launchChromium, onTerminate, repoRoot, startCodeServer } from '../../scripts/code-server.mjs';
import { quickPickRow, runCommand, runDemo } from './workbench.mjs';

const artifacts = join(repoRoot, 'test', 'e2e', 'artifacts');
mkdirSync(artifacts, { recursive: true });
const verbose = process.env.THREADLINE_VERBOSE === '1';
const t0 = Date.now();
const say = (line) => console.log(`[sidebar-e2e ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}`);

const bin = ensureCodeServer();
const profile = createProfile({
  prefix: 'threadline-sidebar-',
  settings: { 'threadline.openPanelOnRun': false, 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false },
});
let server;
let browser;
async function cleanup() {
  await browser?.close().catch(() => {});
  await server?.stop();
}
const removeSignalHandlers = onTerminate(cleanup);
let failed = false;

try {
  server = await startCodeServer({ bin, profile, workspace: join(repoRoot, 'demos') });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1500, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => verbose && console.log(`[workbench ${m.type()}] ${m.text()}`));
  await page.goto(server.workbenchUrl({ payload: [['extensionDevelopmentPath', server.remoteUri(repoRoot)]] }));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  say('workbench loaded');

  await runCommand(page, 'View: Show Run and Debug');
  // The Workers view starts collapsed under Run and Debug's own welcome: open it as a user would.
  await runCommand(page, 'Run and Debug: Focus on Workers View');
  await page.locator('.part.sidebar').getByText('Run a Demo').first().waitFor({ timeout: 15_000 }).catch(() => say('no "Run a Demo" link seen'));
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(artifacts, 'sidebar-welcome.png') });
  say('sidebar-welcome.png');

  // The event-gate demo, mid-run: five waiters, the annotation on `event.wait()`.
  await runDemo(page, 'Event gate');
  await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'Process-5' }).first().waitFor({ timeout: 30_000 });
  // The editor's annotation is CSS-generated text (not in the DOM): wait for the same wait in
  // the Workers view, then give the annotation a moment to be drawn.
  await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'waiting on event' }).first().waitFor({ timeout: 30_000 }).catch(() => say('no worker seen waiting on the event'));
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(artifacts, 'sidebar-event-gate-live.png') });
  say('sidebar-event-gate-live.png');
  await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'done · exit 0' }).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(artifacts, 'sidebar-event-gate-done.png') });
  say('sidebar-event-gate-done.png');

  // The deadlock: Problems view, gutter icons, annotations, the notification.
  await runDemo(page, 'Lock-ordering deadlock');
  await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'Deadlock' }).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(artifacts, 'sidebar-deadlock.png') });
  say('sidebar-deadlock.png');
  // The hover over the annotated line.
  const annotated = page.locator('.monaco-editor .view-line').filter({ hasText: 'second.acquire()' }).first();
  await annotated.hover({ position: { x: 60, y: 5 } }).catch(() => {});
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(artifacts, 'sidebar-deadlock-hover.png') });
  say('sidebar-deadlock-hover.png');
  await runCommand(page, 'View: Toggle Problems');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(artifacts, 'sidebar-deadlock-problems-panel.png') });
  say('sidebar-deadlock-problems-panel.png');
  await runCommand(page, 'Threadline: Stop Run');
  await page.waitForTimeout(1000);

  // The walkthrough.
  await runCommand(page, 'Welcome: Open Walkthrough...');
  await quickPickRow(page, 'See concurrency with Threadline').click().catch(async () => {
    await page.locator('.quick-input-widget input').fill('Threadline');
    await page.keyboard.press('Enter');
  });
  await page.waitForTimeout(2500);
  await page.screenshot({ path: join(artifacts, 'sidebar-walkthrough.png') });
  say('sidebar-walkthrough.png');
} catch (error) {
  failed = true;
  console.error('[sidebar-e2e] error:', error);
} finally {
  removeSignalHandlers();
  await cleanup();
}
say(failed ? 'FAILED' : 'done');
process.exit(failed ? 1 : 0);
