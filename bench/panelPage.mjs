// Serves the real panel (HTML shell from src/extension/panelHtml.ts, dist/webview.js,
// media/panel.css) on a local port with a stub of acquireVsCodeApi and Dark Modern theme
// variables — the same page the e2e harness screenshots, without the screenshots.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const DARK = {
  'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', foreground: '#cccccc',
  descriptionForeground: '#9d9d9d', 'panel-border': '#2b2b2b', focusBorder: '#0078d4',
  'charts-green': '#89d185', 'charts-blue': '#3794ff', 'charts-yellow': '#cca700',
  'charts-orange': '#d18616', 'charts-red': '#f14c4c', 'charts-purple': '#b180d7',
  'list-hoverBackground': '#2a2d2e', errorForeground: '#f85149', 'font-family': 'sans-serif', 'font-size': '13px',
  'editor-font-family': 'monospace',
};

const STUB = `
window.__posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });`;

/** Builds the webview bundle (production, as shipped) and serves the page; returns { url, close }. */
export async function servePanel() {
  execFileSync(process.execPath, ['esbuild.mjs', '--only=webview', '--production'], { cwd: root, stdio: 'inherit' });
  const built = await esbuild.build({ entryPoints: [join(root, 'src/extension/panelHtml.ts')], bundle: true, format: 'esm', platform: 'node', write: false });
  const { readInlinedAssets, renderPanelHtml } = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const origin = `http://${req.headers.host}`;
    const send = (type, body) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    if (url.pathname === '/') {
      let html = renderPanelHtml({ cspSource: origin, nonce: 'bench', ...readInlinedAssets(root), codiconsUri: `${origin}/codicon.css` });
      html = html.replace('</head>', `<link rel="stylesheet" href="${origin}/theme.css">\n</head>`);
      html = html.replace(/<script nonce="([^"]+)"/, `<script nonce="$1" src="${origin}/stub.js"></script>\n$&`);
      // VS Code's theme class on the body: from the body's first script (the stub runs in the head).
      html = html.replace('<body>', '<body>\n<script nonce="bench" src="/body-stub.js"></script>');
      return send('text/html', html);
    }
    if (url.pathname === '/stub.js') return send('text/javascript', STUB);
    if (url.pathname === '/body-stub.js') return send('text/javascript', "document.body.classList.add('vscode-dark');");
    if (url.pathname === '/theme.css') return send('text/css', `:root {\n${Object.entries(DARK).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n')}\n}\n`);
    const files = { '/codicon.css': 'node_modules/@vscode/codicons/dist/codicon.css', '/codicon.ttf': 'node_modules/@vscode/codicons/dist/codicon.ttf' };
    const file = files[url.pathname];
    if (!file) {
      res.writeHead(404);
      return res.end();
    }
    send(url.pathname.endsWith('.css') ? 'text/css' : 'font/ttf', readFileSync(join(root, file)));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Chromium as the e2e harness launches it. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/**
 * A synthetic run of about `total` trace events, generated inside the page (no 100 MB
 * structured clone): 32 processes contending for 4 locks, a Queue, an Event set/cleared, a
 * Pool of 8 workers running short tasks, and some output. Runs in the browser: no imports.
 */
export function generateTrace(total) {
  const ev = [];
  const workers = 32;
  const poolWorkers = 8;
  const W = workers + poolWorkers;
  ev.push({ t: 'workerStart', at: 0, worker: 0, name: 'MainProcess', role: 'main', daemon: false });
  for (let l = 1; l <= 4; l++) ev.push({ t: 'primitiveCreate', at: 0.1, worker: 0, primitive: l, kind: 'lock', name: `lock${l}` });
  ev.push({ t: 'primitiveCreate', at: 0.1, worker: 0, primitive: 5, kind: 'queue', name: 'jobs' });
  ev.push({ t: 'primitiveCreate', at: 0.1, worker: 0, primitive: 6, kind: 'event', name: 'tick' });
  ev.push({ t: 'primitiveCreate', at: 0.1, worker: 0, primitive: 7, kind: 'pool', name: 'pool' });
  for (let w = 1; w <= W; w++) ev.push({ t: 'workerStart', at: 0.2 + w * 0.01, worker: w, name: w <= workers ? `Process-${w}` : `ForkPoolWorker-${w - workers}`, role: w <= workers ? 'process' : 'poolWorker', parent: 0, daemon: w > workers });
  const perWorker = Math.max(1, Math.floor(total / W / 5));
  const seq = new Array(W + 1).fill(0);
  const holder = [0, 0, 0, 0, 0];
  for (let w = 1; w <= W; w++) {
    let t = 1 + w * 0.013;
    for (let i = 0; i < perWorker; i++) {
      if (w > workers) {
        ev.push({ t: 'taskStart', at: t, worker: w, pool: 7, task: (w - workers - 1) * perWorker + i, fn: 'work', args: String(i) });
        t += 0.05 + ((i * 7 + w) % 11) * 0.01;
        ev.push({ t: 'taskEnd', at: t, worker: w, pool: 7, task: (w - workers - 1) * perWorker + i, ok: i % 97 !== 5, ...(i % 97 === 5 ? { error: 'Error: bad input' } : {}) });
        ev.push({ t: 'op', at: t, worker: w, primitive: 5, op: i % 2 ? 'put' : 'get', seq: ++seq[w] });
        ev.push({ t: 'output', at: t + 0.001, worker: w, stream: 'stdout', text: `task ${i}` });
        t += 0.01;
        ev.push({ t: 'op', at: t, worker: w, primitive: 6, op: i % 2 ? 'set' : 'clear', seq: ++seq[w] });
        continue;
      }
      const lock = 1 + ((w + i) % 4);
      ev.push({ t: 'waitBegin', at: t, worker: w, wait: 'lock', primitive: lock, site: { file: '/bench/app.ts', line: 10, column: 3 } });
      t += 0.02 + ((i * 13 + w) % 17) * 0.004;
      const by = holder[lock];
      const relSeq = by ? seq[by] : 0;
      ev.push({ t: 'waitEnd', at: t, worker: w, outcome: by ? 'woken' : 'immediate', primitive: lock, ...(by ? { by, op: 'release', opSeq: relSeq } : {}) });
      ev.push({ t: 'op', at: t, worker: w, primitive: lock, op: 'acquire', seq: ++seq[w] });
      t += 0.03 + ((i * 5 + w) % 7) * 0.01;
      ev.push({ t: 'op', at: t, worker: w, primitive: lock, op: 'release', seq: ++seq[w] });
      holder[lock] = w;
      t += 0.02;
    }
    ev.push({ t: 'workerExit', at: t + 0.1, worker: w, exitCode: 0 });
  }
  let last = 0;
  for (const e of ev) if (e.at > last) last = e.at;
  ev.push({ t: 'workerExit', at: last + 0.5, worker: 0, exitCode: 0 });
  return ev;
}
