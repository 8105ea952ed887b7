// The extension's activation cost, measured inside a real VS Code (code-server): the time its
// activate() body takes, and the whole activate() call as seen by a caller (module load
// included). Runs the integration suite's activation test N times in fresh profiles.
// Usage: node bench/activation.mjs [runs=3]   (after `npm run build` and scripts/setup-vscode.sh)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable, root } from './lib.mjs';

const runs = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'tl-activation-'));
const body = [];
const call = [];
for (let i = 0; i < runs; i++) {
  const metrics = join(dir, `metrics-${i}.json`);
  execFileSync(process.execPath, [join(root, 'test', 'integration', 'runInCodeServer.mjs')], {
    env: { ...process.env, THREADLINE_TEST_GREP: 'activation', THREADLINE_METRICS: metrics },
    stdio: 'ignore',
  });
  const result = JSON.parse(readFileSync(metrics, 'utf8'));
  body.push(result.activationMs);
  if (result.activateCallMs !== null) call.push(result.activateCallMs);
}
printTable(`Extension activation in code-server (${runs} fresh starts)`, [
  { name: 'activate() body (registering every feature)', values: body, unit: 'ms', target: '< 50 ms' },
  ...(call.length ? [{ name: 'activate() call incl. loading the bundle', values: call, unit: 'ms', target: '< 50 ms' }] : []),
]);
