// The panel's feed: whatever the webview receives (one snapshot, then deltas with consecutive
// seq, then the end) must add up to exactly the run the extension recorded. Pins the bug
// where a panel opened mid-run shows a partial picture, or a delta is lost between batches.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ThreadlineApi } from '../../../src/extension/api';
import { nextPost, WebviewFeed } from './panelFeed';
import { demoUri, runDemo, stopLiveRun, threadlineApi, whenRun } from './runHelpers';

describe('Panel', function () {
  let api: ThreadlineApi;

  before(async () => {
    api = await threadlineApi();
  });

  afterEach(() => stopLiveRun(api));

  it('gives the webview a snapshot on ready, then deltas that add up to the whole run', async () => {
    // The webview answers `ready` once loaded; the panel replies with a snapshot.
    const snapshot = api.panel.isReady ? Promise.resolve(undefined) : nextPost(api, (m) => m.type === 'reset');
    await vscode.commands.executeCommand('threadline.showPanel');
    await snapshot;
    assert.equal(api.panel.isOpen, true);
    assert.equal(api.panel.isReady, true);

    const feed = new WebviewFeed();
    const subscription = api.panel.onDidPostMessage((message) => feed.apply(message));
    try {
      const session = await runDemo('event-gate');
      await whenRun(session, 'all six workers started', () => session.model.workers.size === 6);
      await vscode.commands.executeCommand('threadline.stopRun');
      const end = await session.ended;

      assert.equal(feed.runId, session.run?.runId, 'the webview shows this run');
      assert.deepEqual(feed.end, end, 'the webview knows how the run ended');
      assert.equal(feed.events.length, session.events.length, 'the webview got every event');
      assert.deepEqual(feed.events, session.events);
    } finally {
      subscription.dispose();
    }
  });

  describe('Run Demo puts the source in the first column and the panel beside it', function () {
    /** The groups holding the demo's source tab and the panel's tab, once both are there. */
    async function groupsOfSourceAndPanel(sourcePath: string): Promise<{ source: number; panel: number }> {
      const find = () => {
        let source: number | undefined;
        let panel: number | undefined;
        for (const group of vscode.window.tabGroups.all) {
          for (const tab of group.tabs) {
            if (tab.input instanceof vscode.TabInputText && tab.input.uri.fsPath === sourcePath) source = group.viewColumn;
            if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('threadline.panel')) panel = group.viewColumn;
          }
        }
        return source !== undefined && panel !== undefined ? { source, panel } : undefined;
      };
      const found = find();
      if (found) return found;
      return new Promise((resolve) => {
        const listener = vscode.window.tabGroups.onDidChangeTabs(() => {
          const now = find();
          if (!now) return;
          listener.dispose();
          resolve(now);
        });
      });
    }

    async function runAndLocate(): Promise<{ source: number; panel: number }> {
      const session = await runDemo('basics-process');
      const groups = await groupsOfSourceAndPanel(demoUri('basics-process.ts').fsPath);
      await session.ended;
      return groups;
    }

    beforeEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

    it('in a window with no editor open', async () => {
      assert.equal(vscode.window.tabGroups.all.every((group) => group.tabs.length === 0), true, 'no tab is open');
      assert.deepEqual(await runAndLocate(), { source: 1, panel: 2 });
    });

    it('in a window with an editor open', async () => {
      await vscode.window.showTextDocument(demoUri('event-gate.ts'), { preview: false });
      assert.deepEqual(await runAndLocate(), { source: 1, panel: 2 });
    });
  });
});
