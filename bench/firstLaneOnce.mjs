// One fresh code-server window with the packaged extension: open a demo's source (as the e2e
// does, so TypeScript has settled), Run Demo → "Event gate", and time from the pick to the
// panel's webview element, to its page, and to its first lane. Prints one `FIRST_LANE {json}`
// line; bench/firstLane.mjs runs it several times.
import { join } from 'node:path';
import { repoRoot } from '../scripts/code-server.mjs';
import { ID, findWebviewFrame, openFileAndSettle, quickPickRow, runCommand, runPackagedWorkbench } from '../test/e2e/workbench.mjs';

const artifacts = join(repoRoot, '.cache', 'bench-first-lane');
await runPackagedWorkbench({ tag: 'first-lane', prefix: 'threadline-bench-', workspace: join(repoRoot, 'demos'), timeoutS: 120, artifacts }, async ({ page, say }) => {
  await openFileAndSettle(page, 'event-gate.ts', { say });
  await runCommand(page, 'Threadline: Run Demo…', { say });
  const row = quickPickRow(page, 'Event gate');
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  // The webview element appears when the extension has asked for the panel: its share ends there.
  await page.evaluate(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('iframe.webview')) return;
      window.__webviewAt = Date.now();
      observer.disconnect();
    }).observe(document.body, { subtree: true, childList: true });
  });
  const picked = Date.now();
  await row.click();
  const frame = await findWebviewFrame(page, `#${ID.root}`, 30_000);
  const pageMs = Date.now() - picked;
  await frame.locator(`#${ID.lanes} > li`).first().waitFor({ state: 'attached', timeout: 30_000 });
  const laneMs = Date.now() - picked;
  const webviewMs = (await page.evaluate(() => window.__webviewAt)) - picked;
  console.log(`FIRST_LANE ${JSON.stringify({ webviewMs, pageMs, laneMs })}`);
});
