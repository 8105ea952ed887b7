// Serves a fresh code-server with a VSIX installed until Ctrl+C (used by scripts/start.sh).
//   node scripts/serve.mjs --vsix .cache/threadline.vsix [--workspace demos] [--code-server <bin>]
// Port: THREADLINE_PORT (default 0 = a free one). Binds 127.0.0.1 only: --auth none means
// anyone who can reach the port gets a shell, so it must not listen on other interfaces.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { codeServerBin, createProfile, installVsix, onTerminate, repoRoot, startCodeServer } from './code-server.mjs';

const { values } = parseArgs({
  options: {
    vsix: { type: 'string' },
    workspace: { type: 'string', default: 'demos' },
    'code-server': { type: 'string' },
  },
});
if (!values.vsix) {
  console.error('usage: node scripts/serve.mjs --vsix <file.vsix> [--workspace <folder>]');
  process.exit(2);
}
const port = Number(process.env.THREADLINE_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`THREADLINE_PORT must be a port number, got ${process.env.THREADLINE_PORT}`);
  process.exit(2);
}
const bin = values['code-server'] ?? codeServerBin();
const workspace = resolve(repoRoot, values.workspace);

// A fresh profile per start: a clean extensions dir with just this VSIX, no stale state.
const profile = createProfile({ prefix: 'threadline-start-' });
installVsix(profile, values.vsix, { bin });

let server;
let stopping = false;
onTerminate(async () => {
  stopping = true;
  console.log('\nStopping VS Code…');
  await server?.stop();
});
try {
  server = await startCodeServer({ bin, profile, workspace, port });
} catch (error) {
  console.error(String(error?.message ?? error));
  console.error(port ? `Is port ${port} already in use? Try THREADLINE_PORT=0 for a free one.` : '');
  process.exit(1);
}

const url = server.workbenchUrl();
const bar = '-'.repeat(Math.min(100, url.length + 4));
console.log(`\n${bar}\n  Threadline is running in VS Code at:\n\n  ${url}\n\n  Open it in a browser (port ${server.port}).`);
console.log(`  Then F1 → "Threadline: Run Demo…". Press Ctrl+C here to stop.\n${bar}\n`);
console.log(`  (code-server log: ${server.logPath})`);

// Keep running until Ctrl+C (handled by onTerminate) or until code-server dies by itself.
const exit = await server.exited;
if (stopping) await new Promise(() => {}); // Ctrl+C: onTerminate finishes and exits.
console.error(`code-server exited unexpectedly (${JSON.stringify(exit)}); log:\n${server.readLog().split('\n').slice(-20).join('\n')}`);
await server.stop();
process.exit(1);
