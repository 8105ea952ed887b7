/**
 * The one place that touches the VS Code API: typed requests out, typed view state in. The API
 * may be acquired only once per page; the boot script (./boot.ts) has acquired it and already
 * said `ready`, so everything else receives this object.
 */
import type { PanelRequest } from '../model/messages';
import { BOOT_GLOBAL, type PanelBoot, type VsCodeApi } from './boot';

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export interface PanelHost<State> {
  post(request: PanelRequest): void;
  /** Whatever was saved last, unchecked: callers validate it (it may be from an older version). */
  loadState(): unknown;
  saveState(state: State): void;
  /**
   * The messages that arrived before the bundle listened, in order, once. Call it right after
   * adding the bundle's own `message` listener (in the same task, so none is missed or doubled).
   */
  takeEarlyMessages(): unknown[];
}

export function connectToHost<State>(): PanelHost<State> {
  const boot = (window as unknown as Record<string, PanelBoot<State> | undefined>)[BOOT_GLOBAL];
  const api = boot?.api ?? acquireVsCodeApi<State>();
  // A page without the boot script (it failed to run) still asks for its snapshot.
  if (!boot) api.postMessage({ type: 'ready' });
  return {
    post: (request) => api.postMessage(request),
    loadState: () => api.getState(),
    saveState: (state) => api.setState(state),
    takeEarlyMessages: () => boot?.takeEarlyMessages() ?? [],
  };
}
