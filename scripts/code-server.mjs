// Starting and stopping a real VS Code (code-server) for `npm start`, the integration suite and
// the end-to-end test. Plain ESM JavaScript so that Node runs it with no build step.
// How and why each option is used: /work/shared/recipes/real-vscode-here.md (proven here).
//
//   const profile = await createProfile({ settings: { 'editor.fontSize': 14 } });
//   await installVsix(profile, '.cache/threadline.vsix');
//   const server = await startCodeServer({ profile, workspace: 'demos' });
//   console.log(server.url);  ...  await server.stop();
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where scripts/setup-vscode.sh installs code-server (THREADLINE_CODE_SERVER_DIR overrides). */
export function codeServerBin() {
  const prefix = process.env.THREADLINE_CODE_SERVER_DIR ?? join(repoRoot, '.cache', 'code-server');
  return join(prefix, 'node_modules', '.bin', 'code-server');
}

/** Runs scripts/setup-vscode.sh (idempotent, fast when already installed); returns the binary. */
export function ensureCodeServer() {
  const result = spawnSync('bash', [join(repoRoot, 'scripts', 'setup-vscode.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`scripts/setup-vscode.sh failed (exit ${result.status})`);
  return result.stdout.trim().split('\n').pop();
}

/**
 * A throwaway home for one code-server: config, user data (with settings.json written before
 * start), extensions and XDG data all under one temp folder, so nothing touches ~/.config,
 * ~/.local or another run. `settings` adds to / overrides the defaults.
 */
export function createProfile({ settings = {}, prefix = 'threadline-cs-' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const profile = {
    dir,
    configPath: join(dir, 'config.yaml'),
    userDataDir: join(dir, 'user-data'),
    extensionsDir: join(dir, 'ext'),
    xdgDataHome: join(dir, 'xdg-data'),
    logPath: join(dir, 'code-server.log'),
  };
  for (const path of [profile.userDataDir, profile.extensionsDir, profile.xdgDataHome]) mkdirSync(path, { recursive: true });
  // Without --config code-server writes ~/.config/code-server/config.yaml on every run.
  writeFileSync(profile.configPath, 'auth: none\ncert: false\n');
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(profile.userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        // Else a "Walkthrough: Setup VS Code Web" tab covers the editor.
        'workbench.startupEditor': 'none',
        // Else the extension host logs DNS failures for telemetry (no network here).
        'telemetry.telemetryLevel': 'off',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        // The repo's .git above demos/ would raise an "open the repository?" toast.
        'git.openRepositoryInParentFolders': 'never',
        // No network here: TypeScript's automatic type acquisition would only fail and retry.
        'typescript.disableAutomaticTypeAcquisition': true,
        ...settings,
      },
      null,
      2,
    ),
  );
  return profile;
}

/** Flags that pin code-server to the profile's folders (shared by start and --install-extension). */
function profileArgs(profile) {
  return [
    '--config', profile.configPath,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
  ];
}

/**
 * The environment code-server runs with (its extension hosts inherit it): XDG data in the
 * profile (heartbeat, logs), and none of the variables a surrounding VS Code sets. With
 * VSCODE_IPC_HOOK_CLI set, code-server hands the folder to that window instead of starting.
 */
function serverEnv(profile, extra = {}) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
  }
  return { ...env, XDG_DATA_HOME: profile.xdgDataHome, ...extra };
}

/** Installs a packaged extension the way the Marketplace would (about 0.5 s). */
export function installVsix(profile, vsixPath, { bin = codeServerBin() } = {}) {
  const result = spawnSync(bin, ['--install-extension', resolve(vsixPath), '--force', ...profileArgs(profile)], {
    env: serverEnv(profile),
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout.trim();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts code-server detached, in its own process group: the extension hosts and other helpers
 * it forks join that group, so stop() ends every one of them by the group id.
 * Output goes to profile.logPath (a file, not a pipe, so nothing breaks if this process dies
 * first); the port is read from the "HTTP server listening on" line (port 0 = a free one).
 *
 * Returns { port, url, pid, logPath, workbenchUrl(params), readLog(), stop() }.
 */
export async function startCodeServer({
  profile,
  workspace,
  port = 0,
  host = '127.0.0.1',
  env = {},
  bin = codeServerBin(),
  startTimeoutMs = 60_000,
} = {}) {
  if (!existsSync(bin)) throw new Error(`code-server not found at ${bin}: run bash scripts/setup-vscode.sh`);
  const args = [
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    // Else a modal trust dialog takes the keyboard and F1 does nothing.
    '--disable-workspace-trust',
    ...profileArgs(profile),
  ];
  if (workspace) args.push(resolve(workspace));

  const logFd = openSync(profile.logPath, 'a');
  const child = spawn(bin, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: serverEnv(profile, env),
  });
  closeSync(logFd);
  // Not unref()'d: while it runs, this script stays alive (`npm start` waits on it); stop()
  // ends it, and the 'exit' safety net below covers scripts that die first.
  const pid = child.pid;
  let exited = null;
  const exitPromise = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolveExit(exited);
    });
    child.on('error', (error) => {
      exited = { code: null, signal: null, error };
      resolveExit(exited);
    });
  });

  const readLog = () => {
    try {
      return readFileSync(profile.logPath, 'utf8');
    } catch {
      return '';
    }
  };

  let stopped = false;
  let stopping;
  // Safety net: if this script dies without calling stop() (an uncaught error), do not leave
  // a detached code-server behind. Only synchronous work is possible in an 'exit' handler.
  const onExit = () => {
    if (!stopped && pid !== undefined) signalGroup(pid, 'SIGKILL');
  };
  process.once('exit', onExit);
  // Idempotent: every caller gets the same promise, resolved once everything is gone.
  const stop = ({ keepProfile = false } = {}) => {
    stopping ??= (async () => {
      if (pid !== undefined) {
        // TERM the whole group, give it a few seconds, then KILL whatever is left of it
        // (extension hosts that ignore TERM, or outlive the leader).
        signalGroup(pid, 'SIGTERM');
        await Promise.race([exitPromise, sleep(5_000)]);
        await sleep(200);
        signalGroup(pid, 'SIGKILL');
      }
      stopped = true;
      process.off('exit', onExit);
      if (!keepProfile) rmSync(profile.dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const deadline = Date.now() + startTimeoutMs;
  let actualPort;
  while (actualPort === undefined) {
    const match = /HTTP server listening on https?:\/\/[^\s]*?:(\d+)\//.exec(readLog());
    if (match) {
      actualPort = Number(match[1]);
      break;
    }
    if (exited) {
      const log = readLog();
      await stop({ keepProfile: true });
      throw new Error(`code-server exited before listening (${JSON.stringify(exited)}):\n${log}`);
    }
    if (Date.now() > deadline) {
      const log = readLog();
      await stop({ keepProfile: true });
      throw new Error(`code-server did not listen within ${startTimeoutMs} ms:\n${log}`);
    }
    await sleep(100);
  }

  const url = `http://${host}:${actualPort}/`;
  return {
    pid,
    port: actualPort,
    url,
    logPath: profile.logPath,
    readLog,
    exited: exitPromise,
    stop,
    /** The workbench URL for a folder, optionally with development options (`payload`). */
    workbenchUrl({ folder = workspace, payload } = {}) {
      const params = new URLSearchParams();
      if (folder) params.set('folder', resolve(folder));
      if (payload) params.set('payload', JSON.stringify(payload));
      const query = params.toString();
      return query ? `${url}?${query}` : url;
    },
    /** A path on this machine as the remote URI the workbench's extension host resolves. */
    remoteUri(path) {
      return `vscode-remote://${host}:${actualPort}${resolve(path)}`;
    },
  };
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

/**
 * Debian's Chromium through playwright-core (Playwright's own browser download is not
 * reachable here). Playwright's SIGINT/SIGTERM handlers would exit before our cleanup runs
 * (code-server left behind), so they are off: callers stop things themselves.
 */
export async function launchChromium({ headless = process.env.THREADLINE_HEADED !== '1', args = [] } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.THREADLINE_CHROMIUM ?? '/usr/bin/chromium',
    headless,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox', // we run as root in CI
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...args,
    ],
  });
}

/**
 * Runs `cleanup` once on SIGINT/SIGTERM/SIGHUP, then exits with 128+signal. Returns a function
 * that removes the handlers (call it when the script ends normally and cleans up itself).
 */
export function onTerminate(cleanup) {
  let running = false;
  const handlers = {};
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    handlers[signal] = async () => {
      if (running) return;
      running = true;
      try {
        await cleanup(signal);
      } finally {
        process.exit(128 + number);
      }
    };
    process.on(signal, handlers[signal]);
  }
  return () => {
    for (const [signal, handler] of Object.entries(handlers)) process.off(signal, handler);
  };
}
