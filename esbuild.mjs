// Bundles every room of Threadline. `node esbuild.mjs [--watch] [--production]`.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// `--only=extension,webview` builds just the bundles whose outfile/outdir mentions a name.
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  // Class names reach users (Python's "Event objects should only be shared…", reprs,
  // AsyncResult's "not ready"): minifying them away would print "le objects…".
  keepNames: true,
  logLevel: 'warning',
  target: 'node20',
  platform: 'node',
  legalComments: 'none',
};

/** `import … from 'threadline'` in a bundle other than the runtime's: the runtime bundle next to it. */
const runtimeBundleAsThreadline = {
  name: 'threadline-is-the-runtime-bundle',
  setup(build) {
    build.onResolve({ filter: /^threadline$/ }, () => ({ path: './runtime.mjs', external: true }));
  },
};

function testFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (name.endsWith('.ts')) found.push(path);
  }
  return found;
}

const builds = [
  // The extension: CommonJS, loaded by VS Code's extension host.
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', format: 'cjs', external: ['vscode'] },
  // The run supervisor, a child process of the extension or the CLI.
  { ...common, entryPoints: ['src/host/main.ts'], outfile: 'dist/host.js', format: 'cjs' },
  // The terminal command.
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
  // The public runtime users import as 'threadline'. Every worker loads it: keep it small.
  { ...common, entryPoints: ['src/runtime/index.ts'], outfile: 'dist/runtime.mjs', format: 'esm' },
  // A worker's first module; it imports the runtime bundle itself (not a copy) so that it shares
  // one runtime instance with the user's code, which the program loader links to it.
  { ...common, entryPoints: ['src/runtime/workerEntry.ts'], outfile: 'dist/worker.mjs', format: 'esm', plugins: [runtimeBundleAsThreadline] },
  // The stripped copies' names, for scripts/prestripDemos.mjs at build time. The stripper
  // (TypeScript's parser, large) is its own file, imported only when a stripped copy is not
  // cached yet.
  { ...common, entryPoints: ['src/runtime/strippedSource.ts'], outfile: 'dist/stripped-source.mjs', format: 'esm' },
  { ...common, entryPoints: ['src/runtime/stripTypes.ts'], outfile: 'dist/strip.mjs', format: 'esm', minify: true, sourcemap: false, keepNames: false,
    // TypeScript's bundle expects CommonJS globals.
    banner: { js: [
      "import { createRequire as __tlRequire } from 'node:module';",
      "import { fileURLToPath as __tlPath } from 'node:url';",
      'const require = __tlRequire(import.meta.url);',
      'const __filename = __tlPath(import.meta.url);',
      "const __dirname = __filename.replace(/[\\\\/][^\\\\/]*$/, '');",
    ].join(' ') } },
  // The panel's front end, for the browser inside the webview.
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', format: 'iife', platform: 'browser', target: 'es2022' },
  // Tests, bundled so mocha runs plain JavaScript.
  { ...common, entryPoints: testFiles('test/unit'), outdir: 'dist/test/unit', outbase: 'test/unit', format: 'cjs', external: ['mocha'] },
  { ...common, entryPoints: ['test/integration/suite/index.ts'], outfile: 'dist/test/integration/index.js', format: 'cjs', external: ['vscode', 'mocha'] },
  // bench/extensionHostScale.mjs's half inside the extension host (not a test: no mocha).
  { ...common, entryPoints: ['test/integration/scale/index.ts'], outfile: 'dist/test/integration/scale.js', format: 'cjs', external: ['vscode'] },
];

const selected = builds.filter(
  (options) => !only || only.some((name) => (options.outfile ?? options.outdir).includes(name)),
);
const runnable = selected.filter((options) => options.entryPoints.length > 0);

if (watch) {
  for (const options of runnable) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(runnable.map((options) => esbuild.build(options)));
  // The demos' stripped copies are made by the bundles just built, so they always match them.
  if (!only || only.some((name) => ['stripped-source', 'strip'].includes(name))) {
    const { prestripDemos } = await import('./scripts/prestripDemos.mjs');
    await prestripDemos(fileURLToPath(new URL('.', import.meta.url)));
  }
}
