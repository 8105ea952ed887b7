// What the panel's webview is sent, folded as the webview folds it: tests compare the result
// with the session instead of reading the webview's DOM.
import * as assert from 'node:assert/strict';
import type { ThreadlineApi } from '../../../src/extension/api';
import type { PanelMessage, RunEnd } from '../../../src/model/messages';
import type { TraceEvent } from '../../../src/model/trace';

/** Folds posted messages the way the webview does (src/webview/panelSession.ts). */
export class WebviewFeed {
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
        for (const event of message.events) this.events.push(event);
        return;
      case 'runEnd':
        this.end = message.end;
        return;
    }
  }
}

/** Resolves with the next message the panel posts that matches. */
export function nextPost(api: ThreadlineApi, matches: (message: PanelMessage) => boolean): Promise<PanelMessage> {
  return new Promise((resolve) => {
    const subscription = api.panel.onDidPostMessage((message) => {
      if (!matches(message)) return;
      subscription.dispose();
      resolve(message);
    });
  });
}
