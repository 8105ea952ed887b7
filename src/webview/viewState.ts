/**
 * What the user chose about the view (zoom window, follow) — the part that survives a reload
 * through vscode.setState. The run itself is not saved: the extension re-sends a snapshot.
 */

export type ViewMode =
  /** Show the whole run, growing with it while live. */
  | 'fit'
  /** Show the window [start, end] the user zoomed or panned to. */
  | 'window';

export interface ViewState {
  readonly version: 1;
  readonly mode: ViewMode;
  /** Milliseconds since run start; meaningful in 'window' mode. */
  readonly start: number;
  readonly end: number;
  /** While live, keep "now" at the right edge (in 'window' mode; 'fit' always shows it). */
  readonly follow: boolean;
  /** The run the window was chosen for; a different run starts from 'fit' again. */
  readonly runId?: string;
}

export const DEFAULT_VIEW_STATE: ViewState = { version: 1, mode: 'fit', start: 0, end: 1000, follow: true };

/** Accepts a saved state only if it is exactly what this version writes. */
export function parseViewState(saved: unknown): ViewState {
  if (typeof saved !== 'object' || saved === null) return DEFAULT_VIEW_STATE;
  const s = saved as Record<string, unknown>;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (s.version !== 1 || (s.mode !== 'fit' && s.mode !== 'window')) return DEFAULT_VIEW_STATE;
  if (!finite(s.start) || !finite(s.end) || !(s.end > s.start) || typeof s.follow !== 'boolean') return DEFAULT_VIEW_STATE;
  const runId = typeof s.runId === 'string' ? s.runId : undefined;
  return { version: 1, mode: s.mode, start: s.start, end: s.end, follow: s.follow, runId };
}
