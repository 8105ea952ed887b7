// The laptop path: runs the same integration suite in desktop VS Code, downloaded by
// @vscode/test-electron (into .vscode-test/). Needs the internet (VS Code's update servers),
// so CI and machines with only the npm registry use runInCodeServer.mjs instead.
//
//   npm run build && node test/integration/runInElectron.mjs
//
// Exit code: 0 passed, 1 failed, 2 VS Code could not be downloaded (offline).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const extensionTestsPath = join(repoRoot, 'dist', 'test', 'integration', 'index.js');
if (!existsSync(extensionTestsPath)) {
  console.error(`${extensionTestsPath} is missing: run \`npm run build\` first.`);
  process.exit(1);
}

try {
  const code = await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    // Open the demos folder; no other installed extensions interfere with the run.
    launchArgs: [join(repoRoot, 'demos'), '--disable-extensions', '--disable-workspace-trust'],
  });
  process.exit(code);
} catch (error) {
  const text = String(error?.stack ?? error);
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo|ECONNREFUSED|ETIMEDOUT/.test(text)) {
    console.error(
      'Cannot download VS Code (no route to its update servers). On this machine use ' +
        '`node test/integration/runInCodeServer.mjs` (code-server from npm) instead.',
    );
    process.exit(2);
  }
  // runTests rejects with 'Failed' when the tests fail (VS Code exited non-zero).
  console.error(`Integration tests failed: ${error instanceof Error ? error.message : text}`);
  process.exit(1);
}
