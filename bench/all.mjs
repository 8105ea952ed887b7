// `npm run bench`: every benchmark in turn (after the build), each printing its table; all of
// them together are written to bench/results.json with the machine they ran on. The
// code-server ones run when code-server is installed (scripts/setup-vscode.sh, or
// THREADLINE_CODE_SERVER_DIR), and say why they were skipped otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerBin } from '../scripts/code-server.mjs';
import { resetResults, resultsFile, root } from './lib.mjs';

const needsCodeServer = () => (existsSync(codeServerBin()) ? undefined : `code-server is not installed at ${codeServerBin()}`);
const benchmarks = [
  'detectionLatency.mjs',
  'lockOverhead.mjs',
  'wakeAndStart.mjs',
  'tracingOverhead.mjs',
  'poolVsPeers.mjs',
  'hostIngest.mjs',
  'panelFrameTime.mjs',
  'vsixSize.mjs',
  { file: 'activation.mjs', needs: needsCodeServer },
  // After vsixSize.mjs, which packages the VSIX it installs.
  { file: 'firstLane.mjs', needs: needsCodeServer },
];

resetResults();
const started = Date.now();
const skipped = {};
for (const entry of benchmarks) {
  const { file, needs } = typeof entry === 'string' ? { file: entry, needs: () => undefined } : entry;
  const reason = needs();
  if (reason) {
    console.log(`\n${file}: skipped (${reason})`);
    skipped[file] = reason;
    continue;
  }
  execFileSync(process.execPath, [join(root, 'bench', file)], { stdio: 'inherit' });
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
results.skipped = skipped;
results.totalSeconds = Math.round((Date.now() - started) / 1000);
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nall figures in ${resultsFile} (${results.totalSeconds} s)`);
