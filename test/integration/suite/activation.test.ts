// The extension is installed under its Marketplace id, activates, and registers the commands
// its package.json contributes (contributed commands exist only once it has activated).
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

const EXTENSION_ID = 'threadline.threadline';

describe('activation', () => {
  it(`finds ${EXTENSION_ID} and activates it`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const wasActive = extension.isActive;
    const started = performance.now();
    const api = (await extension.activate()) as { readonly activationMs: number };
    const activateCallMs = performance.now() - started;
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    // bench/activation.mjs reads what activation cost (the extension's own activate() body,
    // and the whole activate() call when this test was the first to activate).
    const metrics = process.env.THREADLINE_METRICS;
    if (metrics) writeFileSync(metrics, JSON.stringify({ activationMs: api.activationMs, activateCallMs: wasActive ? null : activateCallMs }));
  });

  it('registers the Threadline commands', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const id of ['threadline.runDemo', 'threadline.runCurrentFile', 'threadline.stopRun']) {
      assert.ok(commands.has(id), `command ${id} is not registered`);
    }
  });
});
