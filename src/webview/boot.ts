/**
 * The panel's boot script: a few lines inlined at the top of the page's head (by nonce), run
 * before the stylesheets and the bundle load. It acquires the VS Code API, says `ready` at
 * once and keeps whatever the extension sends until the bundle takes it: the snapshot's round
 * trip to the extension host (0.1–0.5 s in code-server) overlaps the bundle's download instead
 * of following it. It sits before the stylesheets because a script after a pending stylesheet
 * waits for it.
 */
import type { PanelRequest } from '../model/messages';
import { MARK } from './domIds';

export interface VsCodeApi<State> {
  postMessage(message: PanelRequest): void;
  getState(): State | undefined;
  setState(state: State): void;
}

/** What the boot script leaves on `window` for the bundle. */
export interface PanelBoot<State> {
  readonly api: VsCodeApi<State>;
  /** The messages that arrived so far, once: from then on the bundle's own listener gets them. */
  takeEarlyMessages(): unknown[];
}

export const BOOT_GLOBAL = 'threadlinePanelBoot';

const READY: PanelRequest = { type: 'ready' };

/** The boot script's source: constant text, nothing interpolated but this module's constants. */
export const BOOT_SCRIPT = `(() => {
  performance.mark(${JSON.stringify(MARK.boot)});
  const api = acquireVsCodeApi();
  const early = [];
  const keep = (event) => early.push(event.data);
  window.addEventListener('message', keep);
  window[${JSON.stringify(BOOT_GLOBAL)}] = {
    api,
    takeEarlyMessages() {
      window.removeEventListener('message', keep);
      return early.splice(0);
    },
  };
  api.postMessage(${JSON.stringify(READY)});
})();`;
