// The panel's feed: whatever the webview receives (one snapshot, then deltas with consecutive
// seq, then the end) must add up to exactly the run the extension recorded. Pins the bug
// where a panel opened mid-run shows a partial picture, or a delta is lost between batches.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PanelMessage, RunEnd } from '../../../src/model/messages';
import type { TraceEvent } from '../../../src/model/trace';
import type { ThreadlineApi } from '../../../src/extension/api';
import { runDemo, stopLiveRun, threadlineApi, whenRun } from './runHelpers';

/** Folds posted messages the way the webview does (src/webview/panelSession.ts). */
class WebviewFeed {
  events: TraceEvent[] = [];
  runId: string | undefined;
  end: RunEnd | undefined;
  private seq = 0;

  apply(message: PanelMessage): void {
    switch (message.type) {
      case 'reset':
        this.events = [...message.events];
        this.runId = message.run?.runId;
        this.end = message.end;
        this.seq = message.seq;
        return;
      case 'events':
        assert.equal(message.seq, this.seq + 1, 'deltas arrive with consecutive seq');
        this.seq = message.seq;
        this.events.push(...message.events);
        return;
      case 'runEnd':
        this.end = message.end;
        return;
    }
  }
}

/** Resolves with the next message the panel posts that matches. */
function nextPost(api: ThreadlineApi, matches: (message: PanelMessage) => boolean): Promise<PanelMessage> {
  return new Promise((resolve) => {
    const subscription = api.panel.onDidPostMessage((message) => {
      if (!matches(message)) return;
      subscription.dispose();
      resolve(message);
    });
  });
}

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
