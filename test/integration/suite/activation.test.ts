// The extension is installed under its Marketplace id, activates, and registers the commands
// its package.json contributes (contributed commands exist only once it has activated).
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

const EXTENSION_ID = 'threadline.threadline';
/** bench/baselines/emptyExtension, loaded beside Threadline by bench/activation.mjs only. */
const BASELINE_ID = 'threadline-bench.empty-extension';

/** How long the whole activate() call takes as a caller sees it, or null if it was already active. */
async function timeActivation(extension: vscode.Extension<unknown>): Promise<{ callMs: number | null; api: unknown }> {
  const wasActive = extension.isActive;
  const started = performance.now();
  const api = await extension.activate();
  return { callMs: wasActive ? null : performance.now() - started, api };
}

describe('activation', () => {
  it(`finds ${EXTENSION_ID} and activates it`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    // The baseline first, so that VS Code's one-off costs of a first activation land on it, not on Threadline.
    const baseline = vscode.extensions.getExtension(BASELINE_ID);
    const baselineCallMs = baseline ? (await timeActivation(baseline)).callMs : null;
    const timed = await timeActivation(extension);
    const api = timed.api as { readonly activationMs: number };
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    // bench/activation.mjs reads what activation cost (the extension's own activate() body,
    // and the whole activate() call when this test was the first to activate).
    const metrics = process.env.THREADLINE_METRICS;
    if (metrics) writeFileSync(metrics, JSON.stringify({ activationMs: api.activationMs, activateCallMs: timed.callMs, baselineCallMs }));
  });

  it('registers the Threadline commands', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const id of ['threadline.runDemo', 'threadline.runCurrentFile', 'threadline.stopRun']) {
      assert.ok(commands.has(id), `command ${id} is not registered`);
    }
  });
});
