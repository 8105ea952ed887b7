// The integration suite's entry: VS Code's extension host calls `run()` once, both under
// code-server (test/integration/runInCodeServer.mjs) and under @vscode/test-electron
// (test/integration/runInElectron.mjs). Tests run INSIDE VS Code and may use the `vscode` API.
//
// esbuild bundles this file and every test file into ONE dist/test/integration/index.js, so
// mocha cannot load test files from disk. Instead each test file is `require`d (esbuild
// inlines it) after mocha's `pre-require` event has put describe/it/before… on globalThis,
// so its top-level describe() calls register with this Mocha instance.
//
// TO ADD A TEST FILE: create test/integration/suite/<name>.test.ts (bdd: describe/it, import
// `vscode` and node:assert as usual) and add ONE line to `testFiles` below:
//     ['<name>.test', () => require('./<name>.test')],
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

const testFiles: ReadonlyArray<readonly [name: string, load: () => unknown]> = [
  ['activation.test', () => require('./activation.test')],
  ['runDemo.test', () => require('./runDemo.test')],
  ['panel.test', () => require('./panel.test')],
  ['sidebar.test', () => require('./sidebar.test')],
  ['problemsUi.test', () => require('./problemsUi.test')],
  ['openTrace.test', () => require('./openTrace.test')],
  ['hostCrash.test', () => require('./hostCrash.test')],
  ['consoleFlood.test', () => require('./consoleFlood.test')],
  ['leakCheck.test', () => require('./leakCheck.test')],
];

/** What the runner reads from $THREADLINE_TEST_RESULT (the extension host's exit code is 0 regardless). */
interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  failures: { title: string; error: string; stack?: string }[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    // No TTY in the extension host; colour codes would only clutter the forwarded console.
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.THREADLINE_TEST_TIMEOUT ?? 30_000),
  });
  if (process.env.THREADLINE_TEST_GREP) mocha.grep(process.env.THREADLINE_TEST_GREP);

  const result: SuiteResult = { passed: 0, failed: 0, pending: 0, durationMs: 0, failures: [] };
  const started = Date.now();

  // Sets the bdd globals (describe, it, before, …) for the test files loaded next.
  mocha.suite.emit('pre-require', globalThis, 'index', mocha);
  for (const [name, load] of testFiles) {
    try {
      load();
    } catch (error) {
      // A file that throws while registering is a failure, not a silently smaller suite.
      const err = error instanceof Error ? error : new Error(String(error));
      result.failed++;
      result.failures.push({ title: `loading ${name}`, error: err.message, stack: err.stack });
    }
  }

  return new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      result.durationMs = Date.now() - started;
      writeResult(result);
      const total = failures + result.failures.filter((f) => f.title.startsWith('loading ')).length;
      if (total > 0) reject(new Error(`${total} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => {
      result.passed++;
    });
    runner.on('pending', () => {
      result.pending++;
    });
    runner.on('fail', (test, error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      result.failed++;
      result.failures.push({ title: test.fullTitle(), error: err.message, stack: err.stack });
    });
  });
}

function writeResult(result: SuiteResult): void {
  const path = process.env.THREADLINE_TEST_RESULT;
  if (!path) return;
  try {
    writeFileSync(path, JSON.stringify(result, null, 2));
  } catch (error) {
    console.error(`could not write the test result to ${path}:`, error);
  }
}
