// One fresh code-server window with the packaged extension: open a demo's source (as the e2e
// does, so TypeScript has settled), Run Demo → "Event gate", and time from the pick to the
// panel's webview element, to its page, and to its first lane. Prints one `FIRST_LANE {json}`
// line; bench/firstLane.mjs runs it several times.
import { join } from 'node:path';
import { repoRoot } from '../scripts/code-server.mjs';
import { openFileAndSettle, pickAndTimeFirstLane, runCommand, runPackagedWorkbench } from '../test/e2e/workbench.mjs';

const artifacts = join(repoRoot, '.cache', 'bench-first-lane');
await runPackagedWorkbench({ tag: 'first-lane', prefix: 'threadline-bench-', workspace: join(repoRoot, 'demos'), timeoutS: 120, artifacts }, async ({ page, say }) => {
  await openFileAndSettle(page, 'event-gate.ts', { say });
  await runCommand(page, 'Threadline: Run Demo…', { say });
  const { webviewMs, pageMs, laneMs, laneSeenMs } = await pickAndTimeFirstLane(page, 'Event gate');
  console.log(`FIRST_LANE ${JSON.stringify({ webviewMs, pageMs, laneMs, laneSeenMs })}`);
});
