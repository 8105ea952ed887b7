// Time to the panel's first lane after picking a demo in Run Demo, in a real VS Code
// (code-server + Chromium, the packaged .cache/threadline.vsix), each run in a fresh window so
// the panel is the window's first webview, as for a user's first run. Also splits the time:
// until the webview element exists (the extension's share: its command, the run's start, the
// panel's creation) and until the panel's page exists (the workbench's webview start-up).
// Usage: node bench/firstLane.mjs [runs=5]   (after `bash scripts/package-vsix.sh`)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { printTable, root } from './lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const samples = { webviewMs: [], pageMs: [], laneMs: [], laneSeenMs: [] };
for (let i = 0; i < runs; i++) {
  const out = execFileSync(process.execPath, [join(root, 'bench', 'firstLaneOnce.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 180_000 });
  const line = out.split('\n').find((l) => l.startsWith('FIRST_LANE '));
  if (!line) throw new Error(`run ${i + 1} printed no FIRST_LANE line:\n${out.slice(-2000)}`);
  const result = JSON.parse(line.slice('FIRST_LANE '.length));
  for (const key of Object.keys(samples)) samples[key].push(result[key]);
}
printTable(`First panel lane after picking "Event gate" in Run Demo, code-server (${runs} fresh windows)`, [
  { name: "webview element (the extension's share)", values: samples.webviewMs, unit: 'ms' },
  { name: "panel's page (+ the workbench's webview start)", values: samples.pageMs, unit: 'ms' },
  { name: "first lane painted (the page's own mark)", values: samples.laneMs, unit: 'ms', target: '< 1500 ms' },
  { name: "first lane found by Playwright's polling", values: samples.laneSeenMs, unit: 'ms' },
]);
