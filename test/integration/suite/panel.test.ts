// The panel's feed: whatever the webview receives (one snapshot, then deltas with consecutive
// seq, then the end) must add up to exactly the run the extension recorded. Pins the bug
// where a panel opened mid-run shows a partial picture, or a delta is lost between batches.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ThreadlineApi } from '../../../src/extension/api';
import { nextPost, WebviewFeed } from './panelFeed';
import { runDemo, stopLiveRun, threadlineApi, whenRun } from './runHelpers';

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
});
