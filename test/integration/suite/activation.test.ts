// The extension is installed under its Marketplace id, activates, and registers the commands
// its package.json contributes (contributed commands exist only once it has activated).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'threadline.threadline';

describe('activation', () => {
  it(`finds ${EXTENSION_ID} and activates it`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers the Threadline commands', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const id of ['threadline.runDemo', 'threadline.runCurrentFile', 'threadline.stopRun']) {
      assert.ok(commands.has(id), `command ${id} is not registered`);
    }
  });
});
