// What every e2e script does to a code-server workbench through Playwright: run a command from
// the palette, pick a quick-pick row, find the Threadline panel's frame, switch the colour
// theme, and read the panel's accessible summary. One copy, shared by the e2e scripts.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { createProfile, ensureCodeServer, installVsix, launchChromium, onTerminate, repoRoot, startCodeServer } from '../../scripts/code-server.mjs';

// The panel's DOM contract, imported from its one source (src/webview/domIds.ts) rather than
// spelled again here: esbuild strips the types, and the module is loaded from memory.
export const { ID, ATTR, MARK } = await import(
  `data:text/javascript;base64,${Buffer.from(
    transformSync(readFileSync(join(repoRoot, 'src', 'webview', 'domIds.ts'), 'utf8'), { loader: 'ts', format: 'esm' }).code,
  ).toString('base64')}`
);

/** A logger and a checker for one script: `say` prints with elapsed time, `check` records failures. */
export function reporter(tag) {
  const t0 = Date.now();
  const failures = [];
  const say = (line) => console.log(`[${tag} ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  const check = (condition, what) => {
    if (condition) say(`ok   ${what}`);
    else {
      say(`FAIL ${what}`);
      failures.push(what);
    }
  };
  return { say, check, failures };
}

/** A quick-input row whose label is exactly `label` (Enter would run a fuzzy first match). */
export function quickPickRow(page, label) {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
}

/**
 * Opens the command palette (F1, retried: early presses can be lost) and runs `title`. The
 * palette lists what is known when it opens, and an installed extension's commands arrive a
 * little after the workbench shows: when the row is not there, close it and try again.
 */
export async function runCommand(page, title, { timeoutMs = 60_000, say = () => {} } = {}) {
  const deadline = Date.now() + timeoutMs;
  const widget = page.locator('.quick-input-widget');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const opened = await widget.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
    if (opened) {
      await page.locator('.quick-input-widget input').fill(`>${title}`);
      const row = quickPickRow(page, title);
      const found = await row.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
      if (found) {
        await row.click();
        say(`ran "${title}"${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
        return;
      }
      await page.keyboard.press('Escape');
    }
    if (Date.now() > deadline) throw new Error(`"${title}" did not show in the command palette within ${timeoutMs} ms`);
    await page.waitForTimeout(500);
  }
}

/** Runs a bundled demo through "Threadline: Run Demo…", picking it by its title. */
export async function runDemo(page, title, options) {
  await runCommand(page, 'Threadline: Run Demo…', options);
  // The list is long and virtual: filter it so the row is rendered.
  await page.locator('.quick-input-widget input').fill(title);
  const row = quickPickRow(page, title);
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
  options?.say?.(`picked "${title}"`);
}

/**
 * Opens a workspace file by name with Quick Open, as a user browsing the demos would, and waits
 * until the TypeScript language features have finished starting for it (their status-bar item
 * says "Initializing…" meanwhile): that start-up is seconds of CPU on a 2-core machine, and a
 * timing-sensitive demo run on top of it would measure code-server rather than Threadline.
 */
export async function openFileAndSettle(page, fileName, { say = () => {}, timeoutMs = 30_000 } = {}) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(fileName);
  await quickPickRow(page, fileName).waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 10_000 });
  const started = Date.now();
  await page.waitForTimeout(1000);
  await page
    .waitForFunction(() => !document.querySelector('.statusbar')?.textContent?.includes('Initializing'), undefined, { timeout: timeoutMs, polling: 250 })
    .catch(() => say(`the language features were still starting after ${timeoutMs} ms`));
  say(`opened ${fileName}; the workbench settled after ${Date.now() - started} ms`);
}

/**
 * Picks `label` in an open quick pick and times what follows, from the click: the panel's
 * webview element (the extension has asked for the panel), its page, and its first lane.
 * Returns the panel's frame and the times in ms: pageMs and laneMs from the page's own marks,
 * pageSeenMs and laneSeenMs when this script's polling found them.
 */
export async function pickAndTimeFirstLane(page, label) {
  const row = quickPickRow(page, label);
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await page.evaluate(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('iframe.webview')) return;
      window.__threadlineWebviewAt = Date.now();
      observer.disconnect();
    }).observe(document.body, { subtree: true, childList: true });
  });
  const picked = Date.now();
  await row.click();
  const frame = await findWebviewFrame(page, `#${ID.root}`, 30_000);
  const pageSeenMs = Date.now() - picked;
  await frame.locator(`#${ID.lanes} > li`).first().waitFor({ state: 'attached', timeout: 30_000 });
  const laneSeenMs = Date.now() - picked;
  const webviewMs = (await page.evaluate(() => window.__threadlineWebviewAt)) - picked;
  // The page's own marks (epoch ms on the same clock as Date.now() here): when its head ran and
  // the frame that painted the first lane. Polling the frames noticed both up to 0.7 s late.
  const marks = await frame.evaluate((names) => {
    const at = (name) => {
      const mark = performance.getEntriesByName(name, 'mark')[0];
      return mark ? performance.timeOrigin + mark.startTime : undefined;
    };
    return { boot: at(names.boot), firstLane: at(names.firstLane) };
  }, MARK);
  if (marks.boot === undefined || marks.firstLane === undefined) throw new Error(`the panel set no ${marks.boot === undefined ? MARK.boot : MARK.firstLane} mark`);
  return { frame, webviewMs, pageMs: Math.round(marks.boot - picked), laneMs: Math.round(marks.firstLane - picked), pageSeenMs, laneSeenMs };
}

/** A webview's document is two iframes deep: poll every frame for an element only it has. */
export async function findWebviewFrame(page, selector = `#${ID.root}`, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame.$(selector).catch(() => null);
      if (found) return frame;
    }
    await page.waitForTimeout(50);
  }
  throw new Error(`no frame has ${selector} after ${timeoutMs} ms (did the panel open?)`);
}

/**
 * Switches the colour theme as a user does: "Preferences: Color Theme", type the theme's name,
 * Enter. The workbench and every open webview re-theme live. `theme` is the picker's label
 * ("Light Modern", "Dark Modern").
 */
export async function setColorTheme(page, theme, options) {
  await runCommand(page, 'Preferences: Color Theme', options);
  await page.locator('.quick-input-widget input').fill(theme);
  // The picker previews the highlighted theme: only a closed picker means the choice was taken.
  await quickPickRow(page, theme).click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  const light = /light/i.test(theme);
  await page.waitForFunction(
    (wantLight) => document.querySelector('.monaco-workbench')?.classList.contains(wantLight ? 'vs' : 'vs-dark') === true,
    light,
    { timeout: 15_000, polling: 100 },
  );
  // The webview gets the new theme a moment after the workbench; let it repaint.
  await page.waitForTimeout(800);
}

/** The panel's accessible summary: the root's data attributes and its lists, in one round trip. */
export function readPanelSummary(frame) {
  return frame.locator(`#${ID.summary}`).evaluate(
    (element, { A, I }) => {
      const attrs = {};
      for (const attr of element.getAttributeNames()) attrs[attr] = element.getAttribute(attr);
      const items = (id, read) => [...element.querySelectorAll(`#${id} > li`)].map(read);
      return {
        attrs,
        lanes: items(I.lanes, (li) => ({ name: li.getAttribute(A.workerName), state: li.getAttribute(A.state) })),
        problems: items(I.problems, (li) => ({
          kind: li.getAttribute(A.kind),
          workers: (li.getAttribute(A.workerNames) ?? '').split(',').filter(Boolean),
          inconclusive: li.getAttribute(A.inconclusive) === 'true',
          text: li.textContent ?? '',
        })),
        failedTasks: items(I.failedTasks, (li) => ({ index: li.getAttribute(A.taskIndex), fn: li.getAttribute(A.fn), text: li.textContent ?? '' })),
      };
    },
    { A: ATTR, I: ID },
  );
}

/** Waits until the panel's run has ended (any state but running/idle). */
export async function waitForRunEnd(frame, timeoutMs = 60_000) {
  await frame
    .locator(`#${ID.summary}[${ATTR.runState}]:not([${ATTR.runState}="running"]):not([${ATTR.runState}="idle"])`)
    .waitFor({ state: 'attached', timeout: timeoutMs });
}

/**
 * One e2e script's life in a packaged-extension workbench: checks the VSIX is there, installs it
 * into a fresh code-server profile, opens the workbench in Chromium, and runs `body` with the
 * page under one overall deadline. Whatever `body` throws is a failure (with a screenshot and
 * code-server's last log lines); everything is cleaned up; the process exits 0 only when no
 * check failed.
 */
export async function runPackagedWorkbench({ tag, prefix, settings = {}, workspace, timeoutS, artifacts }, body) {
  const { say, check, failures } = reporter(tag);
  const vsixPath = process.env.THREADLINE_VSIX ?? join(repoRoot, '.cache', 'threadline.vsix');
  const verbose = process.env.THREADLINE_VERBOSE === '1';
  if (!existsSync(vsixPath)) {
    console.error(`[${tag}] ${vsixPath} is missing: run \`bash scripts/package-vsix.sh\` first.`);
    process.exit(1);
  }
  mkdirSync(artifacts, { recursive: true });
  const bin = ensureCodeServer();
  const profile = createProfile({ prefix, settings: { 'workbench.colorTheme': 'Default Dark Modern', ...settings } });
  let server;
  let browser;
  let page;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  };
  const removeSignalHandlers = onTerminate(cleanup);
  const watchdog = setTimeout(async () => {
    console.error(`[${tag}] TIMEOUT after ${timeoutS} s`);
    await page?.screenshot({ path: join(artifacts, `failure-${tag}-timeout.png`) }).catch(() => {});
    await cleanup();
    process.exit(1);
  }, timeoutS * 1000);
  try {
    installVsix(profile, vsixPath, { bin });
    say(`installed ${vsixPath}`);
    server = await startCodeServer({ bin, profile, ...(workspace ? { workspace } : {}) });
    say(`code-server ${server.url} (pid ${server.pid})`);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    page = await context.newPage();
    page.on('console', (message) => verbose && console.log(`[workbench ${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => verbose && console.log(`[page error] ${error.message}`));
    await page.goto(server.workbenchUrl());
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    say('workbench loaded');
    await body({ page, profile, say, check });
  } catch (error) {
    failures.push(String(error?.message ?? error));
    console.error(`[${tag}] error:`, error);
    await page?.screenshot({ path: join(artifacts, `failure-${tag}.png`) }).catch(() => {});
    if (server) console.error(`--- code-server log (last lines) ---\n${server.readLog().trim().split('\n').slice(-20).join('\n')}`);
  } finally {
    clearTimeout(watchdog);
    removeSignalHandlers();
    await cleanup();
  }
  say(failures.length === 0 ? 'PASSED' : `FAILED (${failures.length}): ${failures.join('; ')}`);
  process.exit(failures.length === 0 ? 0 : 1);
}
