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
      // A panel moved or covered meanwhile is reloaded (its webview does not outlive being
      // hidden): what counts is what it holds once it is back and has its snapshot.
      if (!api.panel.isReady) await nextPost(api, (m) => m.type === 'reset' && api.panel.isReady);

      assert.equal(feed.runId, session.run?.runId, 'the webview shows this run');
      assert.deepEqual(feed.end, end, 'the webview knows how the run ended');
      assert.equal(feed.events.length, session.events.length, 'the webview got every event');
      assert.deepEqual(feed.events, session.events);
    } finally {
      subscription.dispose();
    }
  });

  describe('Run Demo puts the source in the first column and the panel beside it', function () {
    /**
     * The groups holding the demo's source tab and the panel's tab, once both are there in
     * groups of their own; the layout last seen if that does not happen within 10 s (a bound
     * for a failure's report, not a timing: the layout settles in well under a second).
     */
    async function groupsOfSourceAndPanel(sourcePath: string): Promise<{ source?: number; panel?: number }> {
      const find = () => {
        let source: number | undefined;
        let panel: number | undefined;
        for (const group of vscode.window.tabGroups.all) {
          for (const tab of group.tabs) {
            if (tab.input instanceof vscode.TabInputText && tab.input.uri.fsPath === sourcePath) source = group.viewColumn;
            if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('threadline.panel')) panel = group.viewColumn;
          }
        }
        return { source, panel };
      };
      const settled = (layout: { source?: number; panel?: number }) => layout.source !== undefined && layout.panel !== undefined && layout.source !== layout.panel;
      const now = find();
      if (settled(now)) return now;
      return new Promise((resolve) => {
        const done = (layout: { source?: number; panel?: number }) => {
          listener.dispose();
          clearTimeout(bound);
          resolve(layout);
        };
        const listener = vscode.window.tabGroups.onDidChangeTabs(() => {
          const layout = find();
          if (settled(layout)) done(layout);
        });
        const bound = setTimeout(() => done(find()), 10_000);
      });
    }

    async function runAndLocate(): Promise<{ source?: number; panel?: number }> {
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

    it('in a window where only the panel is open (the source opens beside it)', async () => {
      const ready = nextPost(api, (m) => m.type === 'reset' && api.panel.isReady);
      await vscode.commands.executeCommand('threadline.showPanel');
      await ready;
      assert.equal(api.panel.viewColumn, vscode.ViewColumn.One, 'the panel took the first column');
      assert.deepEqual(await runAndLocate(), { source: 2, panel: 1 });
      assert.equal(api.panel.isReady, true, 'the panel stayed loaded');
    });

    it('in a window with an editor open', async () => {
      await vscode.window.showTextDocument(demoUri('event-gate.ts'), { preview: false });
      assert.deepEqual(await runAndLocate(), { source: 1, panel: 2 });
    });
  });
});
