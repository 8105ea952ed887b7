/**
 * The panel's HTML shell. No `vscode` import, so the e2e harness and the panel bench can serve
 * the very same page in a plain browser. Everything dynamic is filled in by dist/webview.js; the
 * shell only carries structure, ids (src/webview/domIds.ts) and a strict CSP: no inline
 * handlers or style attributes; the boot script (src/webview/boot.ts, first in the head), the
 * panel's stylesheet and the bundle are inlined, each allowed by the nonce.
 *
 * Inlined, not linked: in a browser-hosted workbench (code-server) each webview resource is
 * fetched through the webview's service worker and the workbench, 0.3–1.0 s on two busy CPUs
 * after the page started, and the first lane waited for the bundle. The codicons stylesheet
 * (its font is fetched relative to it) is linked last, so it holds nothing up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOOT_SCRIPT } from '../webview/boot';
import { ID } from '../webview/domIds';

/** What the page carries inline: the bundle and the stylesheet. */
export interface InlinedAssets {
  /** The bundle's source (dist/webview.js). */
  readonly script: string;
  /** The panel's stylesheet (media/panel.css). */
  readonly style: string;
}

/** Reads the inlined assets from the extension's (or the repository's) root directory. */
export function readInlinedAssets(root: string): InlinedAssets {
  return {
    script: readFileSync(join(root, 'dist', 'webview.js'), 'utf8'),
    style: readFileSync(join(root, 'media', 'panel.css'), 'utf8'),
  };
}

export interface PanelHtmlOptions extends InlinedAssets {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** Fresh per render, from `crypto` (never Math.random). */
  readonly nonce: string;
  readonly codiconsUri: string;
  /** Lane colours: the theme's chart colours, or a colour-blind-safe palette (Okabe–Ito). */
  readonly palette?: 'theme' | 'colorblind';
}

export function renderPanelHtml(opts: PanelHtmlOptions): string {
  const csp = [
    "default-src 'none'",
    `style-src ${opts.cspSource} 'nonce-${opts.nonce}'`,
    `font-src ${opts.cspSource}`,
    `img-src ${opts.cspSource} data:`,
    `script-src 'nonce-${opts.nonce}'`,
  ].join('; ');
  const a = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<script nonce="${a(opts.nonce)}">${BOOT_SCRIPT}</script>
<style nonce="${a(opts.nonce)}">${inlineText(opts.style, 'style')}</style>
<title>Threadline</title>
</head>
<body>
<div id="${ID.root}" class="tl-root" data-palette="${opts.palette === 'colorblind' ? 'colorblind' : 'theme'}">
  <header class="tl-header">
    <div class="tl-title">
      <span class="codicon codicon-pulse tl-title-icon" aria-hidden="true"></span>
      <h1 id="${ID.programName}" class="tl-program">No run yet</h1>
      <span id="${ID.runState}" class="tl-badge" role="status">idle</span>
    </div>
    <div class="tl-stats">
      <span class="tl-stat"><span class="codicon codicon-watch" aria-hidden="true"></span><span id="${ID.duration}">0 ms</span></span>
      <span class="tl-stat" id="${ID.records}"></span>
    </div>
    <div class="tl-toolbar" role="toolbar" aria-label="Timeline view">
      <button type="button" id="${ID.followButton}" class="tl-button tl-toggle" aria-pressed="true" title="Follow live (F)">
        <span class="codicon codicon-pinned" aria-hidden="true"></span><span class="tl-button-text">Follow live</span>
      </button>
      <button type="button" id="${ID.fitButton}" class="tl-button" title="Fit all (0)">
        <span class="codicon codicon-screen-full" aria-hidden="true"></span><span class="tl-button-text">Fit</span>
      </button>
      <button type="button" id="${ID.zoomOutButton}" class="tl-button tl-icon-button" title="Zoom out (-)" aria-label="Zoom out">
        <span class="codicon codicon-zoom-out" aria-hidden="true"></span>
      </button>
      <button type="button" id="${ID.zoomInButton}" class="tl-button tl-icon-button" title="Zoom in (+)" aria-label="Zoom in">
        <span class="codicon codicon-zoom-in" aria-hidden="true"></span>
      </button>
      <button type="button" id="${ID.exportButton}" class="tl-button" title="Export the run as a Perfetto trace (E)" aria-keyshortcuts="E">
        <span class="codicon codicon-export" aria-hidden="true"></span><span class="tl-button-text">Export…</span>
      </button>
    </div>
  </header>
  <div id="${ID.banner}" class="tl-banner" role="alert" hidden></div>
  <div id="${ID.problemsBanner}" class="tl-problems-banner" role="region" aria-label="Problems" hidden></div>
  <ul id="${ID.legend}" class="tl-legend" aria-label="Legend"></ul>
  <div class="tl-main">
    <div id="${ID.timelineBox}" class="tl-timeline-box">
      <canvas id="${ID.canvas}" class="tl-canvas" tabindex="0" role="img"
        aria-label="Timeline of workers. Arrow keys pan, plus and minus zoom, 0 fits all, F follows live, Enter opens the source of the hovered wait or task, C pins the time cursor, [ and ] move it, Escape clears it, E exports."
        aria-describedby="${ID.summaryText}"></canvas>
      <div id="${ID.tooltip}" class="tl-tooltip" role="tooltip" hidden></div>
    </div>
    <aside id="${ID.cursorPanel}" class="tl-cursor-panel" aria-labelledby="${ID.cursorTime}" aria-live="polite" hidden>
      <div class="tl-cursor-head">
        <h2 id="${ID.cursorTime}" class="tl-section-title">Cursor</h2>
        <button type="button" id="${ID.cursorClose}" class="tl-button tl-icon-button" title="Clear the time cursor (Escape)" aria-label="Clear the time cursor">
          <span class="codicon codicon-close" aria-hidden="true"></span>
        </button>
      </div>
      <h3 class="tl-cursor-sub">Workers</h3>
      <ul id="${ID.cursorWorkers}" class="tl-cursor-list"></ul>
      <h3 class="tl-cursor-sub">Primitives</h3>
      <ul id="${ID.cursorPrimitives}" class="tl-cursor-list"></ul>
    </aside>
  </div>
  <section class="tl-log-section" aria-labelledby="tl-output-heading">
    <h2 id="tl-output-heading" class="tl-section-title">Output <span id="${ID.outputCount}" class="tl-count"></span></h2>
    <ol id="${ID.outputLog}" class="tl-output"></ol>
  </section>
  <div id="${ID.summary}" class="tl-visually-hidden">
    <p id="${ID.summaryText}">No run yet.</p>
    <ul id="${ID.lanes}" aria-label="Workers"></ul>
    <ul id="${ID.eventPrimitives}" aria-label="Events"></ul>
    <ul id="${ID.tracks}" aria-label="Primitives"></ul>
    <ul id="${ID.problems}" aria-label="Problems"></ul>
    <ul id="${ID.failedTasks}" aria-label="Failed tasks"></ul>
  </div>
</div>
<script nonce="${a(opts.nonce)}">${inlineText(opts.script, 'script')}</script>
<link rel="stylesheet" href="${a(opts.codiconsUri)}" id="vscode-codicon-stylesheet">
</body>
</html>
`;
}

/**
 * Text for inside a <script> or <style> element: nothing in it may end the element early or
 * open an HTML comment there. `<\/` and `<\!` mean the same in a script's strings and regular
 * expressions, and a stylesheet holds neither outside its strings.
 */
function inlineText(text: string, element: 'script' | 'style'): string {
  return text.replace(new RegExp(`<(/${element}|!--)`, 'gi'), (_, rest: string) => `<\\${rest}`);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
