// The extension's activation cost, measured inside a real VS Code (code-server): the time its
// activate() body takes, and the whole activate() call as seen by a caller (module load
// included), beside an empty extension's call in the same window (VS Code's own share). Runs
// the integration suite's activation test N times in fresh profiles.
// Usage: node bench/activation.mjs [runs=3]   (after `npm run build` and scripts/setup-vscode.sh)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable, root } from './lib.mjs';

const runs = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'tl-activation-'));
// The baseline extension is installed like any other (code-server loads one extension under development).
const baselineVsix = join(dir, 'empty-extension.vsix');
execFileSync('npx', ['vsce', 'package', '--allow-missing-repository', '--skip-license', '-o', baselineVsix], {
  cwd: join(root, 'bench', 'baselines', 'emptyExtension'),
  stdio: 'ignore',
});
const body = [];
const call = [];
const baselineCall = [];
for (let i = 0; i < runs; i++) {
  const metrics = join(dir, `metrics-${i}.json`);
  execFileSync(process.execPath, [join(root, 'test', 'integration', 'runInCodeServer.mjs')], {
    env: {
      ...process.env,
      THREADLINE_TEST_GREP: 'activation',
      THREADLINE_METRICS: metrics,
      THREADLINE_EXTRA_VSIX: baselineVsix,
    },
    stdio: 'ignore',
  });
  const result = JSON.parse(readFileSync(metrics, 'utf8'));
  body.push(result.activationMs);
  if (result.activateCallMs !== null) call.push(result.activateCallMs);
  if (result.baselineCallMs !== null && result.baselineCallMs !== undefined) baselineCall.push(result.baselineCallMs);
}
// VS Code's own share of an activate() call (the extension host's bookkeeping, its module
// loader) is what an extension that does nothing pays, measured in the same window just before.
const paired = call.length === baselineCall.length ? call.map((ms, i) => ms - baselineCall[i]) : [];
printTable(`Extension activation in code-server (${runs} fresh starts)`, [
  { name: 'activate() body (registering every feature)', values: body, unit: 'ms', target: '< 50 ms' },
  ...(baselineCall.length ? [{ name: 'activate() call of an empty extension', values: baselineCall, unit: 'ms' }] : []),
  ...(call.length ? [{ name: 'activate() call incl. loading the bundle', values: call, unit: 'ms', ...(baselineCall.length ? { baseline: baselineCall } : {}) }] : []),
  ...(paired.length ? [{ name: "Threadline's share: call minus the empty one's", values: paired, unit: 'ms', target: '< 50 ms' }] : []),
]);
