import { strict as assert } from 'node:assert';
import { runInNewContext } from 'node:vm';
import { renderPanelHtml } from '../../src/extension/panelHtml';
import { BOOT_GLOBAL, BOOT_SCRIPT, type PanelBoot } from '../../src/webview/boot';
import { ID, MARK } from '../../src/webview/domIds';

describe('panel HTML', () => {
  const base = { cspSource: 'vscode-resource:', nonce: 'n0nce', script: 'startPanel();', style: '.tl-root { color: red; }', codiconsUri: 'c.css' };

  it('allows only local resources and the nonce-bearing scripts and styles', () => {
    const html = renderPanelHtml(base);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-n0nce'/);
    assert.match(csp, /style-src vscode-resource: 'nonce-n0nce'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    for (const tag of html.match(/<(script|style)[^>]*>/g) ?? []) assert.match(tag, /nonce="n0nce"/);
    assert.doesNotMatch(html, /\sstyle="/, 'no style attributes (the CSP would refuse them)');
  });

  it('carries the bundle and the stylesheet inline; the codicons stylesheet is linked after the bundle', () => {
    const html = renderPanelHtml(base);
    const bundle = html.indexOf('<script nonce="n0nce">startPanel();</script>');
    assert.ok(bundle > html.indexOf(`id="${ID.summary}"`), 'the bundle runs once the DOM it reads is parsed');
    assert.ok(html.includes('<style nonce="n0nce">.tl-root { color: red; }</style>'));
    // A stylesheet still loading holds up every script after it: none is linked before the bundle.
    const codicons = html.indexOf('<link rel="stylesheet" href="c.css"');
    assert.ok(codicons > bundle, 'the codicons stylesheet comes after the bundle');
    assert.equal((html.match(/<link rel="stylesheet"/g) ?? []).length, 1);
  });

  it('inlined text cannot end its element early or open a comment', () => {
    const html = renderPanelHtml({ ...base, script: 'const s = "</script><b>"; const c = "<!--";', style: 'a::after { content: "</STYLE>"; }' });
    const inlined = /<script nonce="n0nce">(const s[^]*?)<\/script>/.exec(html)?.[1] ?? '';
    assert.doesNotMatch(inlined, /<\/script|<!--/i);
    assert.deepEqual(new Function(`${inlined}; return [s, c];`)(), ['</script><b>', '<!--'], 'a script keeps the meaning of its strings');
    assert.ok(html.includes('content: "<\\/STYLE>"'));
    const body = html.slice(html.indexOf('<body>'));
    assert.equal((body.match(/<\/script>/g) ?? []).length, 1, 'the bundle ends where it should');
  });

  it('marks the palette the threadline.laneColors setting chose', () => {
    assert.match(renderPanelHtml(base), /data-palette="theme"/);
    assert.match(renderPanelHtml({ ...base, palette: 'colorblind' }), /data-palette="colorblind"/);
  });

  it('runs the boot script before any stylesheet or the bundle (a script after a pending stylesheet waits for it)', () => {
    const html = renderPanelHtml(base);
    const boot = html.indexOf(`<script nonce="n0nce">${BOOT_SCRIPT}</script>`);
    assert.ok(boot > 0, 'the boot script is inlined with the nonce');
    assert.ok(boot < html.indexOf('<style nonce='), 'before the stylesheet');
    assert.ok(boot < html.indexOf('startPanel();'), 'before the bundle');
  });

  it('boot script: marks its start, says ready at once and keeps what arrives, in order, until the bundle takes it', () => {
    const posted: unknown[] = [];
    const happened: string[] = [];
    const window = new EventTarget() as EventTarget & Record<string, unknown>;
    const performance = { mark: (name: string) => happened.push(`mark ${name}`) };
    const acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => {
        posted.push(m);
        happened.push('post');
      },
    });
    runInNewContext(BOOT_SCRIPT, { window, performance, acquireVsCodeApi });
    // (Objects made inside the script's context have that context's prototypes: compared as JSON.)
    assert.deepEqual(JSON.parse(JSON.stringify(posted)), [{ type: 'ready' }]);
    // The mark is what the first-lane bench and the e2e time the page from: it comes first.
    assert.deepEqual(happened, [`mark ${MARK.boot}`, 'post']);

    const send = (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data }));
    send({ type: 'reset', seq: 1 });
    send({ type: 'events', seq: 2 });
    const boot = window[BOOT_GLOBAL] as PanelBoot<unknown>;
    assert.deepEqual([...boot.takeEarlyMessages()], [{ type: 'reset', seq: 1 }, { type: 'events', seq: 2 }]);
    // From then on the bundle's listener has them: the boot script keeps nothing more.
    send({ type: 'events', seq: 3 });
    assert.deepEqual([...boot.takeEarlyMessages()], []);
  });
});
