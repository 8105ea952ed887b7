/**
 * The one place that touches `acquireVsCodeApi`: typed requests out, typed view state in.
 * The API may be acquired only once per page, so everything else receives this object.
 */
import type { PanelRequest } from '../model/messages';

interface VsCodeApi<State> {
  postMessage(message: PanelRequest): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export interface PanelHost<State> {
  post(request: PanelRequest): void;
  /** Whatever was saved last, unchecked: callers validate it (it may be from an older version). */
  loadState(): unknown;
  saveState(state: State): void;
}

export function connectToHost<State>(): PanelHost<State> {
  const api = acquireVsCodeApi<State>();
  return {
    post: (request) => api.postMessage(request),
    loadState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}
