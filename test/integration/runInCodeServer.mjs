// Runs the integration suite (dist/test/integration/index.js, mocha) INSIDE a real VS Code:
// code-server's web workbench, opened by Debian's Chromium through playwright-core. This is
// the path CI uses: @vscode/test-electron's desktop download is not reachable there.
//
//   node test/integration/runInCodeServer.mjs        (after `npm run build`)
//
// The workbench takes development options from the `payload` URL parameter: the extension
// under development (the repo root, with its package.json) and the tests file whose `run()`
// the extension host calls. The extension host exits 0 even when run() rejects, so the
// outcome comes from two places, both required:
//   - the workbench calls window.codeAutomationExit(code) when the tests end (0 = passed);
//   - the suite writes {passed, failed, failures} to $THREADLINE_TEST_RESULT (code-server's
//     environment reaches the extension host).
// Exit code: 0 all passed; 1 failures, timeout, or no result file.
//
// Environment: THREADLINE_TEST_TIMEOUT_S (default 600: only a guard against a hung suite, as
// each test has its own mocha timeout and a loaded 2-core machine can take three times the
// usual minute), THREADLINE_EXT_DIR (extension folder, default the repo root), THREADLINE_TEST_GREP (mocha grep, read by the suite),
// THREADLINE_VERBOSE=1 (also print the workbench's own console), THREADLINE_HEADED=1,
// THREADLINE_EXTRA_VSIX (an extension installed in the profile beside Threadline, e.g. a
// benchmark's baseline extension; code-server loads one extension under development only).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import {
  createProfile,
  ensureCodeServer,
  installVsix,
  launchChromium,
  onTerminate,
  repoRoot,
  startCodeServer,
} from '../../scripts/code-server.mjs';

const timeoutS = Number(process.env.THREADLINE_TEST_TIMEOUT_S ?? 600);
const extensionDir = resolve(process.env.THREADLINE_EXT_DIR ?? repoRoot);
const testsFile = join(repoRoot, 'dist', 'test', 'integration', 'index.js');
const workspace = join(repoRoot, 'demos');
const verbose = process.env.THREADLINE_VERBOSE === '1';

/**
 * The extension host's console (mocha's reporter included) reaches the page as
 * console.log('%c INFO', css, format, ...args) (or '%c  ERR' / WARN…). The workbench logs its
 * own lines the same way, so its known start-up chatter and the no-network errors (extension
 * gallery DNS lookups) are left out unless THREADLINE_VERBOSE=1.
 */
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^ChatSessionStore/,
  /ENOTFOUND|EAI_AGAIN|getaddrinfo/,
];

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[integration] ${line}`);

if (!existsSync(testsFile)) {
  console.error(`[integration] ${testsFile} is missing: run \`npm run build\` first.`);
  process.exit(1);
}

const bin = ensureCodeServer();
const profile = createProfile({
  prefix: 'threadline-it-',
  settings: {
    // Else the extension host polls for listening ports by spawning `sh -c 'ls -l /proc/…/fd'`
    // every few seconds: a child process with three pipes that the leak check would count.
    'remote.autoForwardPorts': false,
  },
});
if (process.env.THREADLINE_EXTRA_VSIX) installVsix(profile, process.env.THREADLINE_EXTRA_VSIX, { bin });
const resultPath = join(profile.dir, 'result.json');
let server;
let browser;

async function cleanup() {
  await browser?.close().catch(() => {});
  await server?.stop();
}
const removeSignalHandlers = onTerminate(cleanup);

let exitCode = 1;
try {
  server = await startCodeServer({
    bin,
    profile,
    workspace,
    // Reaches the extension host, hence the suite: where to write the machine-readable result.
    env: { THREADLINE_TEST_RESULT: resultPath },
  });
  say(`code-server ${server.url} (pid ${server.pid}) after ${elapsed()}`);

  browser = await launchChromium();
  const page = await browser.newPage();

  page.on('console', (message) => void printConsole(message));
  page.on('pageerror', (error) => {
    if (verbose) console.log(`[page error] ${error.message}`);
  });

  // The workbench calls this when the tests end; it must exist before the page loads.
  let reportExit;
  const exited = new Promise((r) => {
    reportExit = r;
  });
  await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));

  const url = server.workbenchUrl({
    payload: [
      ['extensionDevelopmentPath', server.remoteUri(extensionDir)],
      ['extensionTestsPath', server.remoteUri(testsFile)],
    ],
  });
  if (verbose) say(`opening ${url}`);
  await page.goto(url);

  // A suite that hangs never reports: race it with a timeout.
  let timer;
  const timedOut = new Promise((r) => {
    timer = setTimeout(() => r('timeout'), timeoutS * 1000);
  });
  const outcome = await Promise.race([exited, timedOut]);
  clearTimeout(timer);

  if (outcome === 'timeout') {
    say(`TIMEOUT: the suite did not finish within ${timeoutS} s`);
  } else {
    say(`the workbench reported exit code ${outcome} after ${elapsed()}`);
  }

  let result;
  try {
    result = JSON.parse(readFileSync(resultPath, 'utf8'));
  } catch {
    say(`no result file at ${resultPath}: the suite did not run to its end (did run() load?)`);
  }

  if (result) {
    say(`${result.passed} passed, ${result.failed} failed, ${result.pending ?? 0} pending`);
    for (const failure of result.failures ?? []) {
      console.log(`\n  FAILED: ${failure.title}\n    ${failure.error}`);
      if (failure.stack) console.log(failure.stack.split('\n').slice(1, 6).join('\n'));
    }
  }
  const ok = outcome === 0 && result && result.failed === 0 && result.passed > 0;
  if (result && result.passed === 0 && result.failed === 0) say('no test ran: treat as failure');
  exitCode = ok ? 0 : 1;
  if (!ok) {
    // The tail of code-server's log usually says why an extension host failed to start.
    const tail = server.readLog().trim().split('\n').slice(-25).join('\n');
    console.log(`\n--- code-server log (last lines) ---\n${tail}\n---`);
  }
} catch (error) {
  console.error('[integration] runner error:', error);
  exitCode = 1;
} finally {
  removeSignalHandlers();
  await cleanup();
}
say(`${exitCode === 0 ? 'PASSED' : 'FAILED'} in ${elapsed()}`);
process.exit(exitCode);

async function printConsole(message) {
  const args = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => undefined)));
  const [label, , ...rest] = args;
  if (typeof label === 'string' && /^%c\s*(INFO|ERR|WARN|DEBUG|TRACE|LOG)\b/.test(label) && rest.length > 0) {
    const level = label.replace(/^%c\s*/, '').trim();
    const line = format(...rest);
    if (!verbose && WORKBENCH_NOISE.some((pattern) => pattern.test(line))) return;
    console.log(level === 'INFO' || level === 'LOG' ? line : `[${level}] ${line}`);
  } else if (verbose && args.length > 0) {
    console.log(`[workbench ${message.type()}] ${message.text()}`);
  }
}
