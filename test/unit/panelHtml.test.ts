import { strict as assert } from 'node:assert';
import { runInNewContext } from 'node:vm';
import { renderPanelHtml } from '../../src/extension/panelHtml';
import { BOOT_GLOBAL, BOOT_SCRIPT, type PanelBoot } from '../../src/webview/boot';
import { MARK } from '../../src/webview/domIds';

describe('panel HTML', () => {
  const base = { cspSource: 'vscode-resource:', nonce: 'n0nce', scriptUri: 's.js', styleUri: 'p.css', codiconsUri: 'c.css' };

  it('allows only local resources and the nonce-bearing script', () => {
    const html = renderPanelHtml(base);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-n0nce'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    for (const script of html.match(/<script[^>]*>/g) ?? []) assert.match(script, /nonce="n0nce"/);
  });

  it('marks the palette the threadline.laneColors setting chose', () => {
    assert.match(renderPanelHtml(base), /data-palette="theme"/);
    assert.match(renderPanelHtml({ ...base, palette: 'colorblind' }), /data-palette="colorblind"/);
  });

  it('runs the boot script before any stylesheet or the bundle (a script after a pending stylesheet waits for it)', () => {
    const html = renderPanelHtml(base);
    const boot = html.indexOf(`<script nonce="n0nce">${BOOT_SCRIPT}</script>`);
    assert.ok(boot > 0, 'the boot script is inlined with the nonce');
    assert.ok(boot < html.indexOf('<link rel="stylesheet"'), 'before the first stylesheet');
    assert.ok(boot < html.indexOf('src="s.js"'), 'before the bundle');
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
