#!/usr/bin/env node
// Frame time of the panel on big runs: loads the real webview bundle in Chromium (Playwright),
// feeds generated traces of ~10 k, 100 k and 1 M events, and times pan and zoom sequences
// from "fit all" (every record on screen: the worst case for level of detail).
//
//   node bench/panelFrameTime.mjs [--sizes=10000,100000,1000000] [--steps=40]
//
// A frame is measured from the input event to the end of the paint it causes (the first
// animation frame after it): script + canvas work, what decides whether 30 fps is kept.
import { chromium } from 'playwright-core';
import { printTable } from './lib.mjs';
import { CHROMIUM, generateTrace, servePanel } from './panelPage.mjs';

const flag = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const sizes = (flag('sizes') ?? '10000,100000,1000000').split(',').map(Number);
const steps = Number(flag('steps') ?? 40);
const BUDGET_MS = 1000 / 30;

const { url, close } = await servePanel();
const browser = await chromium.launch(CHROMIUM);
const rows = [];
try {
  for (const size of sizes) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(url);
    await page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
    const loaded = await page.evaluate(
      async ({ size, gen }) => {
        const generateTrace = new Function(`return (${gen})`)();
        const events = generateTrace(size);
        const last = events.reduce((m, e) => Math.max(m, e.at), 0);
        const t0 = performance.now();
        window.postMessage({ type: 'reset', run: { runId: 'bench', program: '/bench/app.ts', startedAtEpochMs: 0 }, events, seq: 1, end: { exitCode: 0, durationMs: last + 1, reason: 'exited', records: { written: events.length, dropped: 0 } } }, '*');
        await new Promise((ok) => setTimeout(ok, 0));
        await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
        return { events: events.length, loadMs: performance.now() - t0 };
      },
      { size, gen: generateTrace.toString() },
    );
    const measure = (kind) =>
      page.evaluate(
        async ({ kind, steps }) => {
          const canvas = document.getElementById('tl-canvas');
          const rect = canvas.getBoundingClientRect();
          const times = [];
          const frame = () => new Promise((ok) => requestAnimationFrame(() => ok(performance.now())));
          await frame();
          for (let i = 0; i < steps; i++) {
            const t0 = performance.now();
            const zoomIn = i < steps / 2;
            const init = kind === 'pan'
              ? { deltaX: i % 20 < 10 ? 120 : -120, deltaY: 0 }
              : { deltaX: 0, deltaY: zoomIn ? -120 : 120, ctrlKey: false };
            canvas.dispatchEvent(new WheelEvent('wheel', { ...init, clientX: rect.left + rect.width * 0.6, clientY: rect.top + 60, bubbles: true, cancelable: true }));
            const t1 = await frame();
            times.push(t1 - t0);
          }
          return times;
        },
        { kind, steps },
      );
    // Zoom first (from fit, in then out), then pan at fit-ish zoom after pressing 0 (fit), then a
    // pan zoomed 4x in.
    const zoom = await measure('zoom');
    await page.locator('#tl-fit').click();
    const panFit = await measure('pan');
    await page.locator('#tl-canvas').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('+');
    const panZoomed = await measure('pan');
    const pan = [...panFit, ...panZoomed];
    rows.push({ size: loaded.events, loadMs: loaded.loadMs, pan: stats(pan), zoom: stats(zoom), panTimes: pan, zoomTimes: zoom });
    await page.close();
  }
} finally {
  await browser.close();
  close();
}

console.log(`\nPanel frame time (Chromium, software rendering, 1400×900, budget ${BUDGET_MS.toFixed(1)} ms = 30 fps)`);
console.log('events     load      pan median / p95   (×budget)        zoom median / p95  (×budget)');
for (const r of rows) {
  const f = (s) => `${s.median.toFixed(1).padStart(6)} / ${s.p95.toFixed(1).padStart(6)} ms  (${(s.p95 / BUDGET_MS).toFixed(2)}×)`;
  console.log(`${String(r.size).padStart(8)}  ${(r.loadMs / 1000).toFixed(2).padStart(6)} s   ${f(r.pan)}     ${f(r.zoom)}`);
}

printTable('Panel frame time per input (median of every frame)', rows.flatMap((r) => [
  { name: `pan, ${r.size} events`, values: r.panTimes, unit: 'ms', target: `≤ ${BUDGET_MS.toFixed(1)} ms` },
  { name: `zoom, ${r.size} events`, values: r.zoomTimes, unit: 'ms', target: `≤ ${BUDGET_MS.toFixed(1)} ms` },
]));

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { median: q(0.5), p95: q(0.95) };
}
