import { strict as assert } from 'node:assert';
import { renderPanelHtml } from '../../src/extension/panelHtml';

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
});
