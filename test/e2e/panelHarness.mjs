#!/usr/bin/env node
// Dev harness for the panel: serves the real HTML shell (src/extension/panelHtml.ts, same CSP)
// with dist/webview.js and media/panel.css in a plain page, stubs acquireVsCodeApi, feeds it a
// trace and takes screenshots in Chromium for dark, light and high-contrast themes.
//
//   node test/e2e/panelHarness.mjs [events.json] [--out=dir] [--only=dark,light,hc] [--dpr=2]
//   node test/e2e/panelHarness.mjs --synthetic=mixed    locks, a failure, clear, stderr, dropped
//   node test/e2e/panelHarness.mjs --synthetic=stress   many workers and events (timing only)
//   node test/e2e/panelHarness.mjs --synthetic=pool     a Pool's tasks (one failing unobserved), Queue, Semaphore, RLock, Barrier
//   node test/e2e/panelHarness.mjs /tmp/x.json          a saved trace ({version, run, end, events}), e.g. from
//                                                       `node dist/cli.js run demos/hang.ts --trace /tmp/x.json`
//
// Screenshots go to test/e2e/artifacts/ (git-ignored). Exits non-zero when the page logs an
// error, violates its CSP, or the accessible summary disagrees with the trace.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const eventsPath = resolve(args.find((a) => !a.startsWith('--')) ?? join(root, 'test/fixtures/event-gate.events.json'));
const outDir = resolve(flag('out') ?? join(root, 'test/e2e/artifacts'));
const themes = (flag('only') ?? 'dark,light,hc').split(',');
const synthetic = flag('synthetic');
const loaded = synthetic ? syntheticTrace(synthetic) : JSON.parse(readFileSync(eventsPath, 'utf8'));
// A saved trace file carries its run and end; the fixture is a bare event array.
const events = Array.isArray(loaded) ? loaded : loaded.events;
const savedTrace = Array.isArray(loaded) ? undefined : loaded;
const isFixture = !synthetic && !savedTrace;
const prefix = synthetic ? `${synthetic}-` : savedTrace ? `${basename(eventsPath).replace(/\.json$/, '')}-` : '';
mkdirSync(outDir, { recursive: true });

execFileSync(process.execPath, ['esbuild.mjs', '--only=webview'], { cwd: root, stdio: 'inherit' });
const { readInlinedAssets, renderPanelHtml } = await importTs(join(root, 'src/extension/panelHtml.ts'));

// Representative values of VS Code's Dark Modern, Light Modern and Dark High Contrast themes.
const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', foreground: '#cccccc',
      descriptionForeground: '#9d9d9d', 'panel-border': '#2b2b2b', focusBorder: '#0078d4',
      'charts-green': '#89d185', 'charts-blue': '#3794ff', 'charts-yellow': '#cca700',
      'charts-orange': '#d18616', 'charts-red': '#f14c4c', 'charts-purple': '#b180d7',
      'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e',
      'list-activeSelectionForeground': '#ffffff', 'toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
      'inputOption-activeBackground': 'rgba(36, 137, 219, 0.51)', 'inputOption-activeBorder': '#2488db',
      'inputOption-activeForeground': '#ffffff', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8',
      'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500',
      'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100',
      'editorWarning-foreground': '#cca700', errorForeground: '#f85149', 'textLink-foreground': '#4daafc',
      'editorHoverWidget-background': '#202020', 'editorHoverWidget-border': '#454545', 'widget-shadow': 'rgba(0, 0, 0, 0.36)',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', foreground: '#3b3b3b',
      descriptionForeground: '#717171', 'panel-border': '#e5e5e5', focusBorder: '#005fb8',
      'charts-green': '#388a34', 'charts-blue': '#1a85ff', 'charts-yellow': '#bf8803',
      'charts-orange': '#d18616', 'charts-red': '#e51400', 'charts-purple': '#652d90',
      'list-hoverBackground': '#f2f2f2', 'list-activeSelectionBackground': '#e8e8e8',
      'list-activeSelectionForeground': '#000000', 'toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
      'inputOption-activeBackground': 'rgba(190, 195, 201, 0.4)', 'inputOption-activeBorder': '#005fb8',
      'inputOption-activeForeground': '#000000', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b',
      'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500',
      'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100',
      'editorWarning-foreground': '#bf8803', errorForeground: '#f85149', 'textLink-foreground': '#005fb8',
      'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-border': '#c8c8c8', 'widget-shadow': 'rgba(0, 0, 0, 0.16)',
    },
  },
  hc: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'editor-background': '#000000', 'editor-foreground': '#ffffff', foreground: '#ffffff',
      descriptionForeground: 'rgba(255, 255, 255, 0.7)', 'panel-border': '#6fc3df', focusBorder: '#f38518',
      contrastBorder: '#6fc3df', 'charts-green': '#89d185', 'charts-blue': '#3794ff', 'charts-yellow': '#ffd700',
      'charts-orange': '#d18616', 'charts-red': '#f48771', 'charts-purple': '#b180d7',
      'list-activeSelectionBackground': '#000000', 'list-focusOutline': '#f38518',
      'inputOption-activeBorder': '#6fc3df', 'badge-background': '#000000', 'badge-foreground': '#ffffff',
      'inputValidation-warningBackground': '#000000', 'inputValidation-warningBorder': '#ff0000',
      'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#ff0000',
      'editorWarning-foreground': '#ff0000', errorForeground: '#f48771', 'textLink-foreground': '#21a6ff',
      'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-border': '#6fc3df',
    },
  },
};
const FONT_VARS = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace', 'editor-font-size': '13px',
};

// The stub plays the extension: it records requests and keeps setState in sessionStorage so a
// reload restores the view, like a real webview.
const STUB = `
window.__posted = [];
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(m),
  getState: () => JSON.parse(sessionStorage.getItem('state') || 'null') ?? undefined,
  setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
});`;
// The theme's body class, as VS Code sets it; from the body's first script (the stub runs in the head, before the boot script).
const BODY_STUB = `
const theme = new URLSearchParams(location.search).get('theme') || 'dark';
document.body.classList.add(${JSON.stringify(Object.fromEntries(Object.entries(THEMES).map(([k, v]) => [k, v.bodyClass])))}[theme]);`;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const origin = `http://${req.headers.host}`;
  const send = (type, body) => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };
  if (url.pathname === '/') {
    const nonce = 'harness' + Math.floor(Date.now() / 1000);
    let html = renderPanelHtml({
      cspSource: origin, nonce, codiconsUri: `${origin}/codicons/codicon.css`,
      // Read per page: a rebuild shows on the next reload, as the extension's next panel would.
      ...readInlinedAssets(root),
    });
    const theme = url.searchParams.get('theme') ?? 'dark';
    html = html.replace('</head>', `<link rel="stylesheet" href="${origin}/theme.css?theme=${theme}">\n</head>`);
    html = html.replace(/<script nonce="([^"]+)"/, `<script nonce="$1" src="${origin}/stub.js"></script>\n$&`);
    html = html.replace('<body>', `<body>\n<script nonce="${nonce}" src="${origin}/body-stub.js"></script>`);
    return send('text/html', html);
  }
  if (url.pathname === '/stub.js') return send('text/javascript', STUB);
  if (url.pathname === '/body-stub.js') return send('text/javascript', BODY_STUB);
  if (url.pathname === '/theme.css') {
    const theme = THEMES[url.searchParams.get('theme') ?? 'dark'];
    const vars = { ...FONT_VARS, ...theme.vars };
    return send('text/css', `:root {\n${Object.entries(vars).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n')}\n}\n`);
  }
  const files = {
    '/codicons/codicon.css': ['node_modules/@vscode/codicons/dist/codicon.css', 'text/css'],
    '/codicons/codicon.ttf': ['node_modules/@vscode/codicons/dist/codicon.ttf', 'font/ttf'],
  };
  const file = files[url.pathname];
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204);
    return res.end();
  }
  if (!file) {
    res.writeHead(404);
    return res.end();
  }
  send(file[1], readFileSync(join(root, file[0])));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const failures = [];
const last = events.reduce((m, e) => Math.max(m, e.at), 0);
const dropped = events.filter((e) => e.t === 'dropped').reduce((n, e) => n + e.count, 0);
const end = savedTrace?.end ?? { exitCode: 0, durationMs: last + 1, reason: 'exited', records: { written: events.length, dropped } };
const run = savedTrace?.run ?? { runId: 'harness', program: synthetic ? `/work/main/demos/${synthetic}.ts` : '/work/main/demos/event-gate.ts', startedAtEpochMs: Date.now() };

try {
  for (const theme of themes) {
    const page = await openPage(theme);
    await post(page, { type: 'reset', run, events, seq: 1, end });
    await shot(page, `${prefix}${theme}-final`);
    await page.screenshot({ path: join(outDir, `${prefix}${theme}-detail.png`), clip: { x: 0, y: 60, width: 620, height: 260 } });
    await checkSummary(page, theme);
    if (synthetic === 'stress') await timeFrames(page);
    else if (theme === 'dark' && isFixture) await darkExtras(page);
    if (synthetic !== 'stress') await cursorShot(page, theme);
    await page.close();
  }
  if (isFixture && themes.includes('dark')) await edgeStates();
  if (savedTrace && themes.includes('dark') && events.some((e) => e.t === 'problem')) await liveDeadlock();
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.error(`\nFAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`\nok — screenshots in ${outDir}`);

async function darkExtras(page) {
  // Live: stream the first ~60% of the trace as deltas, as the extension would.
  await post(page, { type: 'reset', run, events: [], seq: 0 });
  const cut = Math.floor(events.length * 0.45);
  for (let i = 0, seq = 1; i < cut; i += 7, seq++) await post(page, { type: 'events', seq, events: events.slice(i, Math.min(i + 7, cut)) });
  await shot(page, 'dark-live');
  // Zoom in while live (follow stays on), stream more: "now" must stay at the right edge.
  await page.locator('#tl-canvas').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('+');
  const cut2 = Math.floor(events.length * 0.75);
  for (let i = cut, seq = Math.ceil(cut / 7) + 1; i < cut2; i += 7, seq++) await post(page, { type: 'events', seq, events: events.slice(i, Math.min(i + 7, cut2)) });
  await shot(page, 'dark-live-follow');

  // A missing batch must make the panel ask for a snapshot.
  const before = await page.evaluate(() => window.__posted.length);
  await post(page, { type: 'events', seq: 999, events: [] });
  const asked = await page.evaluate((n) => window.__posted.slice(n).some((m) => m.type === 'ready'), before);
  if (!asked) failures.push('a sequence gap did not request a snapshot');

  // Zoom in around the set → wakes, then hover a waiting bar for the tooltip.
  await post(page, { type: 'reset', run, events, seq: 1, end });
  const setAt = events.find((e) => e.t === 'op' && e.op === 'set')?.at ?? last / 2;
  const box = await page.locator('#tl-canvas').boundingBox();
  const plotW = box.width - 132 - 12;
  const fitEnd = Math.max(end.durationMs, last) * 1.02;
  const setX = box.x + 132 + (setAt / fitEnd) * plotW;
  await page.mouse.move(setX, box.y + 60);
  for (let i = 0; i < 16; i++) await page.mouse.wheel(0, -200);
  await page.waitForTimeout(100);
  await shot(page, 'dark-zoom-wakes');

  await page.click('#tl-fit');
  const waitRow = box.y + 26 + 28 * 2 + 14; // Process-2's lane
  await page.mouse.move(box.x + 132 + (1500 / fitEnd) * plotW, waitRow);
  await page.waitForTimeout(100);
  await shot(page, 'dark-tooltip');
  await page.mouse.down();
  await page.mouse.up();
  const reveal = await page.evaluate(() => window.__posted.find((m) => m.type === 'revealSource'));
  if (!reveal) failures.push('clicking a wait with a site did not post revealSource');
  else console.log('revealSource:', JSON.stringify(reveal));

  // Output list ↔ marker: clicking a line highlights its marker (and brings it into view).
  await page.locator('#tl-output li').nth(2).locator('button').click();
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await shot(page, 'dark-selected-output');
  const selected = await page.locator('#tl-output li[data-selected="true"]').count();
  if (selected !== 1) failures.push(`expected one selected output line, found ${selected}`);

  // Keyboard zoom/pan on the focused canvas, then reload: the saved window must come back.
  await page.locator('#tl-canvas').focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowRight');
  const saved = await page.evaluate(() => sessionStorage.getItem('state'));
  await shot(page, 'dark-keyboard-zoom');
  await page.reload();
  await post(page, { type: 'reset', run, events, seq: 1, end });
  const restored = await page.evaluate(() => sessionStorage.getItem('state'));
  if (!saved || saved !== restored) failures.push(`view state not restored: ${saved} vs ${restored}`);
  await shot(page, 'dark-after-reload');
}

async function cursorShot(page, theme) {
  // Pin the time cursor at 60% of the run (keyboard: focus, C at the centre, then ]).
  const box = await page.locator('#tl-canvas').boundingBox();
  const plotW = box.width - 132 - 12;
  const fitEnd = Math.max(end.durationMs, last) * 1.02;
  const at = synthetic === 'pool' ? 0.45 : savedTrace ? 0.93 : 0.6;
  await page.mouse.click(box.x + 132 + plotW * at, box.y + 8);
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const panel = await page.evaluate(() => {
    const aside = document.getElementById('tl-cursor');
    return {
      hidden: aside.hidden,
      ms: aside.getAttribute('data-cursor-ms'),
      workers: [...document.querySelectorAll('#tl-cursor-workers li')].map((li) => li.textContent),
      primitives: [...document.querySelectorAll('#tl-cursor-primitives li')].map((li) => `${li.dataset.kind}:${li.dataset.primitiveName}=${li.dataset.value}`),
    };
  });
  if (panel.hidden || !panel.ms) failures.push(`[${theme}] clicking the axis did not pin the time cursor`);
  if (panel.workers.length !== events.filter((e) => e.t === 'workerStart').length) failures.push(`[${theme}] cursor panel lists ${panel.workers.length} workers`);
  if (theme === themes[0]) console.log('cursor panel:', JSON.stringify(panel, null, 1), `(fit end ${fitEnd.toFixed(0)} ms)`);
  await shot(page, `${prefix}${theme}-cursor`);
  // Keyboard: ] moves the cursor, Escape (nothing hovered) clears it.
  await page.locator('#tl-canvas').focus();
  await page.keyboard.press(']');
  // The cursor is redrawn on the next frame: read it after two.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const moved = await page.getAttribute('#tl-cursor', 'data-cursor-ms');
  if (!moved || Number(moved) <= Number(panel.ms)) failures.push(`[${theme}] ] did not move the cursor (${panel.ms} → ${moved})`);
}

async function liveDeadlock() {
  // The same trace replayed live with no end: "now" follows the wall clock, so the stuck waits
  // keep growing after the last record.
  const page = await openPage('dark');
  const lastProblem = Math.max(...events.filter((e) => e.t === 'problem').map((e) => e.at));
  const upToProblem = events.filter((e) => e.at <= lastProblem);
  const liveRun = { ...run, runId: 'live', startedAtEpochMs: Date.now() - lastProblem - 1500 };
  await post(page, { type: 'reset', run: liveRun, events: upToProblem, seq: 1 });
  const d0 = await page.textContent('#tl-duration');
  await page.waitForTimeout(700);
  await post(page, { type: 'events', seq: 2, events: [] });
  const d1 = await page.textContent('#tl-duration');
  if (d0 === d1) failures.push(`live "now" did not advance with the wall clock (${d0})`);
  console.log(`live now: ${d0} → ${d1}`);
  await shot(page, `${prefix}dark-live`);
  await page.click('#tl-export');
  const exported = await page.evaluate(() => window.__posted.some((m) => m.type === 'export'));
  if (!exported) failures.push('the Export button did not post {type: "export"}');
  const reveal = page.locator('#tl-problems-banner button').first();
  if (await reveal.count()) {
    await reveal.click();
    const posted = await page.evaluate(() => window.__posted.filter((m) => m.type === 'revealSource'));
    if (posted.length === 0) failures.push('a problem reveal button did not post revealSource');
    else console.log('problem reveal:', JSON.stringify(posted[0]));
  }
  await page.close();
}

async function timeFrames(page) {
  // Average paint time while panning: the canvas must stay interactive on a big trace.
  const box = await page.locator('#tl-canvas').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 60);
  for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -300);
  const ms = await page.evaluate(async () => {
    const canvas = document.getElementById('tl-canvas');
    const t0 = performance.now();
    for (let i = 0; i < 30; i++) {
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaX: 40, deltaY: 0, bubbles: true, cancelable: true }));
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    }
    return (performance.now() - t0) / 30;
  });
  console.log(`stress: ${events.length} events, ~${ms.toFixed(1)} ms per pan step (two frames)`);
  await shot(page, `${prefix}dark-zoomed`);
}

function syntheticTrace(kind) {
  const site = (line) => ({ file: '/work/main/demos/synthetic.ts', line, column: 5 });
  const ev = [];
  const start = (worker, at) => ev.push({ t: 'workerStart', at, worker, name: worker ? `Process-${worker}` : 'MainProcess', role: worker ? 'process' : 'main', daemon: false, ...(worker ? { parent: 0, target: 'task' } : {}) });
  if (kind === 'stress') {
    const workers = 40;
    start(0, 0);
    ev.push({ t: 'primitiveCreate', at: 1, worker: 0, primitive: 1, kind: 'lock', name: 'lock' });
    let seq = new Map();
    for (let w = 1; w <= workers; w++) {
      start(w, w);
      let t = w + 1;
      while (t < 20_000) {
        ev.push({ t: 'waitBegin', at: t, worker: w, wait: 'lock', primitive: 1, site: site(10) });
        t += 0.5 + ((w * 7919 + t) % 13) / 4;
        const s = (seq.get(w) ?? 0) + 1;
        seq.set(w, s);
        ev.push({ t: 'waitEnd', at: t, worker: w, outcome: 'immediate', primitive: 1 });
        ev.push({ t: 'op', at: t, worker: w, primitive: 1, op: 'acquire', seq: s });
        t += 1 + ((w * 31 + t) % 5);
        if (Math.floor(t) % 97 === 0) ev.push({ t: 'output', at: t, worker: w, stream: 'stdout', text: `tick ${t.toFixed(1)}` });
      }
      ev.push({ t: 'workerExit', at: 20_000 + w, worker: w, exitCode: 0 });
    }
    ev.push({ t: 'workerExit', at: 20_100, worker: 0, exitCode: 0 });
    return ev;
  }
  if (kind === 'pool') return poolTrace(site, start, ev);
  // mixed: a Lock handed over, an Event set/cleared/set, a failing process, stderr, drops.
  start(0, 0);
  ev.push({ t: 'primitiveCreate', at: 2, worker: 0, primitive: 1, kind: 'lock', name: 'lock', site: site(5) });
  ev.push({ t: 'primitiveCreate', at: 3, worker: 0, primitive: 2, kind: 'event', name: 'ready', site: site(6) });
  for (let w = 1; w <= 3; w++) {
    ev.push({ t: 'primitiveCreate', at: 4 + w, worker: 0, primitive: 2 + w, kind: 'process', name: `Process-${w}` });
    ev.push({ t: 'op', at: 8 + w, worker: 0, primitive: 2 + w, op: 'start', seq: w });
    start(w, 20 + w * 5);
  }
  ev.push({ t: 'waitBegin', at: 12, worker: 0, wait: 'sleep', timeoutMs: 280, site: site(30) });
  ev.push({ t: 'op', at: 100, worker: 1, primitive: 1, op: 'acquire', seq: 1 });
  ev.push({ t: 'output', at: 101, worker: 1, stream: 'stdout', text: 'Process-1 holds the lock' });
  ev.push({ t: 'waitBegin', at: 120, worker: 3, wait: 'event', primitive: 2, site: site(20) });
  ev.push({ t: 'waitBegin', at: 150, worker: 2, wait: 'lock', primitive: 1, site: site(12) });
  ev.push({ t: 'waitEnd', at: 292, worker: 0, outcome: 'timeout' });
  ev.push({ t: 'op', at: 300, worker: 0, primitive: 2, op: 'set', seq: 4 });
  ev.push({ t: 'waitEnd', at: 300.2, worker: 3, outcome: 'woken', primitive: 2, by: 0, op: 'set', opSeq: 4 });
  ev.push({ t: 'waitBegin', at: 310, worker: 0, wait: 'sleep', timeoutMs: 190, site: site(32) });
  ev.push({ t: 'waitEnd', at: 500, worker: 0, outcome: 'timeout' });
  ev.push({ t: 'op', at: 500.5, worker: 0, primitive: 2, op: 'clear', seq: 5 });
  ev.push({ t: 'op', at: 600, worker: 1, primitive: 1, op: 'release', seq: 2 });
  ev.push({ t: 'waitEnd', at: 600.3, worker: 2, outcome: 'woken', primitive: 1, by: 1, op: 'release', opSeq: 2 });
  ev.push({ t: 'op', at: 600.4, worker: 2, primitive: 1, op: 'acquire', seq: 1 });
  ev.push({ t: 'dropped', at: 650, worker: 2, count: 42 });
  ev.push({ t: 'output', at: 690, worker: 3, stream: 'stderr', text: 'Error: boom <script>alert(1)</script>' });
  ev.push({ t: 'op', at: 700, worker: 3, primitive: 5, op: 'exit', seq: 0x7fffffff });
  ev.push({ t: 'workerExit', at: 700, worker: 3, exitCode: 1, error: 'Error: boom\n    at task (/work/main/demos/synthetic.ts:22:11)' });
  ev.push({ t: 'op', at: 800, worker: 0, primitive: 2, op: 'set', seq: 6 });
  ev.push({ t: 'waitBegin', at: 801, worker: 0, wait: 'join', primitive: 3, site: site(40) });
  ev.push({ t: 'op', at: 900, worker: 2, primitive: 1, op: 'release', seq: 2 });
  ev.push({ t: 'op', at: 950, worker: 1, primitive: 3, op: 'exit', seq: 0x7fffffff });
  ev.push({ t: 'workerExit', at: 950, worker: 1, exitCode: 0 });
  ev.push({ t: 'waitEnd', at: 950.5, worker: 0, outcome: 'woken', primitive: 3, by: 1, op: 'exit', opSeq: 0x7fffffff });
  ev.push({ t: 'waitBegin', at: 951, worker: 0, wait: 'join', primitive: 4, timeoutMs: 500, site: site(41) });
  ev.push({ t: 'op', at: 1000, worker: 2, primitive: 4, op: 'exit', seq: 0x7fffffff });
  ev.push({ t: 'workerExit', at: 1000, worker: 2, exitCode: 0 });
  ev.push({ t: 'waitEnd', at: 1000.4, worker: 0, outcome: 'woken', primitive: 4, by: 2, op: 'exit', opSeq: 0x7fffffff });
  ev.push({ t: 'workerExit', at: 1010, worker: 0, exitCode: 0 });
  return ev;
}

// A Pool of 4 workers mapping square() over 24 items (task 9 fails and nobody asks for its
// result), a Queue fed by MainProcess and drained by Process-5, a Semaphore, an RLock taken
// twice and a Barrier of 3 — every kind of track and task span.
function poolTrace(site, start, ev) {
  start(0, 0);
  const create = (at, primitive, kind, name, line) => ev.push({ t: 'primitiveCreate', at, worker: 0, primitive, kind, name, site: site(line) });
  create(1, 1, 'pool', 'pool', 8);
  create(2, 2, 'queue', 'jobs', 9);
  create(3, 3, 'semaphore', 'slots', 10);
  create(4, 4, 'rlock', 'state', 11);
  create(5, 5, 'barrier', 'phase', 12);
  const seq = new Map();
  const next = (w) => {
    const n = (seq.get(w) ?? 0) + 1;
    seq.set(w, n);
    return n;
  };
  for (let w = 1; w <= 4; w++) ev.push({ t: 'workerStart', at: 10 + w, worker: w, name: `ForkPoolWorker-${w}`, role: 'poolWorker', parent: 0, daemon: true });
  ev.push({ t: 'workerStart', at: 16, worker: 5, name: 'Process-5', role: 'process', parent: 0, daemon: false, target: 'consumer' });
  // Tasks: each worker takes the next item; durations vary; task 9 fails.
  const free = [20, 22, 24, 26];
  for (let task = 0; task < 24; task++) {
    const w = free.indexOf(Math.min(...free)) + 1;
    const from = free[w - 1];
    const dur = 30 + ((task * 37) % 50);
    const s = next(0);
    ev.push({ t: 'op', at: from - 1, worker: 0, primitive: 1, op: 'submit', seq: s });
    ev.push({ t: 'taskStart', at: from, worker: w, pool: 1, task, fn: 'square', args: String(task) });
    // A task that contends for the Semaphore now and then.
    if (task % 5 === 2) {
      ev.push({ t: 'op', at: from + 2, worker: w, primitive: 3, op: 'acquire', seq: next(w), site: site(20) });
      ev.push({ t: 'op', at: from + dur - 4, worker: w, primitive: 3, op: 'release', seq: next(w), site: site(22) });
    }
    const ok = task !== 9;
    ev.push({ t: 'taskEnd', at: from + dur, worker: w, pool: 1, task, ok, ...(ok ? {} : { error: 'ValueError: cannot square 9\n    at square (/work/main/demos/pool.ts:5:11)' }) });
    ev.push({ t: 'op', at: from + dur + 0.2, worker: w, primitive: 1, op: 'complete', seq: next(w) });
    free[w - 1] = from + dur + 3;
  }
  // Queue: MainProcess puts 6 jobs quickly, Process-5 gets them slowly (waits when empty).
  let t = 40;
  for (let i = 0; i < 6; i++, t += 12) ev.push({ t: 'op', at: t, worker: 0, primitive: 2, op: 'put', seq: next(0), site: site(30) });
  let c = 60;
  for (let i = 0; i < 7; i++, c += 45) {
    if (i === 6) {
      ev.push({ t: 'waitBegin', at: c, worker: 5, wait: 'get', primitive: 2, site: site(40) });
      const s = next(0);
      ev.push({ t: 'op', at: c + 60, worker: 0, primitive: 2, op: 'put', seq: s, site: site(31) });
      ev.push({ t: 'waitEnd', at: c + 60.4, worker: 5, outcome: 'woken', primitive: 2, by: 0, op: 'put', opSeq: s });
      ev.push({ t: 'op', at: c + 60.5, worker: 5, primitive: 2, op: 'get', seq: next(5), site: site(40) });
      c += 60;
    } else ev.push({ t: 'op', at: c, worker: 5, primitive: 2, op: 'get', seq: next(5), site: site(40) });
  }
  // RLock: Process-5 takes it twice (re-entrant), MainProcess blocks until it is fully released.
  ev.push({ t: 'op', at: 420, worker: 5, primitive: 4, op: 'acquire', seq: next(5), site: site(44) });
  ev.push({ t: 'op', at: 430, worker: 5, primitive: 4, op: 'acquire', seq: next(5), site: site(45) });
  ev.push({ t: 'waitBegin', at: 440, worker: 0, wait: 'rlock', primitive: 4, site: site(50) });
  ev.push({ t: 'op', at: 470, worker: 5, primitive: 4, op: 'release', seq: next(5) });
  const rel = next(5);
  ev.push({ t: 'op', at: 490, worker: 5, primitive: 4, op: 'release', seq: rel });
  ev.push({ t: 'waitEnd', at: 490.3, worker: 0, outcome: 'woken', primitive: 4, by: 5, op: 'release', opSeq: rel });
  ev.push({ t: 'op', at: 490.4, worker: 0, primitive: 4, op: 'acquire', seq: next(0), site: site(50) });
  ev.push({ t: 'op', at: 500, worker: 0, primitive: 4, op: 'release', seq: next(0) });
  // Barrier of 3: MainProcess, Process-5 and ForkPoolWorker-1... (after its tasks) meet.
  ev.push({ t: 'op', at: 505, worker: 0, primitive: 5, op: 'arrive', seq: next(0) });
  ev.push({ t: 'waitBegin', at: 505.1, worker: 0, wait: 'barrier', primitive: 5, site: site(52) });
  ev.push({ t: 'op', at: 515, worker: 5, primitive: 5, op: 'arrive', seq: next(5) });
  ev.push({ t: 'waitBegin', at: 515.1, worker: 5, wait: 'barrier', primitive: 5, site: site(46) });
  const trip = next(1);
  ev.push({ t: 'op', at: 530, worker: 1, primitive: 5, op: 'arrive', seq: trip });
  ev.push({ t: 'waitEnd', at: 530.3, worker: 0, outcome: 'woken', primitive: 5, by: 1, op: 'arrive', opSeq: trip });
  ev.push({ t: 'waitEnd', at: 530.4, worker: 5, outcome: 'woken', primitive: 5, by: 1, op: 'arrive', opSeq: trip });
  ev.push({ t: 'output', at: 531, worker: 0, stream: 'stdout', text: 'results: [0, 1, 4, 9 …]' });
  ev.push({ t: 'output', at: 532, worker: 5, stream: 'stdout', text: 'consumer done' });
  for (let w = 1; w <= 4; w++) ev.push({ t: 'workerExit', at: 540 + w, worker: w, exitCode: 0 });
  ev.push({ t: 'workerExit', at: 545, worker: 5, exitCode: 0 });
  ev.push({ t: 'workerExit', at: 550, worker: 0, exitCode: 0 });
  return ev.sort((a, b) => a.at - b.at);
}

async function edgeStates() {
  const page = await openPage('dark');
  await post(page, { type: 'reset', run: undefined, events: [], seq: 0 });
  await shot(page, 'dark-idle');
  const error = "SyntaxError: Unexpected token '<img src=x onerror=alert(1)>' (demos/broken.ts:3:7)";
  await post(page, { type: 'reset', run, events: [events[0]], seq: 1, end: { exitCode: 1, durationMs: 12, reason: 'failedToStart', error, records: { written: 1, dropped: 0 } } });
  const state = await page.getAttribute('#tl-summary', 'data-run-state');
  if (state !== 'failedToStart') failures.push(`failed run shows data-run-state=${state}`);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await shot(page, 'dark-failed-to-start');
  await page.close();
}

async function openPage(theme) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 }, deviceScaleFactor: Number(flag('dpr') ?? 1) });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') failures.push(`[${theme}] console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => failures.push(`[${theme}] page error: ${e.message}`));
  await page.goto(`${base}?theme=${theme}`);
  await page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
  return page;
}

async function post(page, message) {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  // Two frames: one for the message, one for the paint it schedules.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

async function shot(page, name) {
  const violations = await page.evaluate(() => window.__cspViolations);
  for (const v of violations) failures.push(`[${name}] CSP violation: ${v}`);
  await page.evaluate(() => (window.__cspViolations.length = 0));
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path });
  console.log('screenshot', path);
}

async function checkSummary(page, theme) {
  const summary = await page.evaluate(() => {
    const root = document.getElementById('tl-summary');
    const attrs = Object.fromEntries([...root.attributes].filter((a) => a.name.startsWith('data-')).map((a) => [a.name, a.value]));
    const lanes = [...document.querySelectorAll('#tl-lanes li')].map((li) => `${li.dataset.workerName}=${li.dataset.state}`);
    return { attrs, lanes, text: document.getElementById('tl-summary-text').textContent };
  });
  const workers = events.filter((e) => e.t === 'workerStart').length;
  const wakes = events.filter((e) => e.t === 'waitEnd' && e.outcome === 'woken').length;
  if (summary.attrs['data-worker-count'] !== String(workers)) failures.push(`[${theme}] worker count ${summary.attrs['data-worker-count']} != ${workers}`);
  if (summary.attrs['data-wake-count'] !== String(wakes)) failures.push(`[${theme}] wake count ${summary.attrs['data-wake-count']} != ${wakes}`);
  const problems = new Map(events.filter((e) => e.t === 'problem').map((e) => [e.problem.id, e.problem]));
  const kinds = (k) => String([...problems.values()].filter((p) => p.kind === k).length);
  if (summary.attrs['data-problem-count'] !== String(problems.size)) failures.push(`[${theme}] problem count ${summary.attrs['data-problem-count']} != ${problems.size}`);
  if (summary.attrs['data-deadlock-count'] !== kinds('deadlock')) failures.push(`[${theme}] deadlock count ${summary.attrs['data-deadlock-count']} != ${kinds('deadlock')}`);
  if (summary.attrs['data-hang-count'] !== kinds('hang')) failures.push(`[${theme}] hang count ${summary.attrs['data-hang-count']} != ${kinds('hang')}`);
  const tasks = events.filter((e) => e.t === 'taskStart').length;
  const failed = events.filter((e) => e.t === 'taskEnd' && !e.ok).length;
  if (summary.attrs['data-task-count'] !== String(tasks)) failures.push(`[${theme}] task count ${summary.attrs['data-task-count']} != ${tasks}`);
  if (summary.attrs['data-failed-task-count'] !== String(failed)) failures.push(`[${theme}] failed task count ${summary.attrs['data-failed-task-count']} != ${failed}`);
  const extra = await page.evaluate(() => ({
    problems: [...document.querySelectorAll('#tl-problems li')].map((li) => `${li.dataset.kind}:${li.dataset.workerNames}`),
    banner: !document.getElementById('tl-problems-banner').hidden,
    tracks: [...document.querySelectorAll('#tl-tracks li')].map((li) => `${li.dataset.kind}:${li.dataset.primitiveName}=${li.dataset.value}(${li.dataset.segmentCount})`),
    failedTasks: [...document.querySelectorAll('#tl-failed-tasks li')].map((li) => li.textContent),
  }));
  if (extra.banner !== problems.size > 0) failures.push(`[${theme}] problems banner visible=${extra.banner} with ${problems.size} problems`);
  if (theme === themes[0]) console.log('summary:', JSON.stringify({ ...summary, ...extra }, null, 1));
}

async function importTs(path) {
  const out = await esbuild.build({ entryPoints: [path], bundle: true, format: 'esm', platform: 'node', write: false });
  const file = join(outDir, '.panelHtml.mjs');
  writeFileSync(file, out.outputFiles[0].text);
  return import(`${file}?t=${Date.now()}`);
}
