/**
 * The panel's DOM contract: element ids and data attributes that the HTML shell
 * (src/extension/panelHtml.ts), the webview script and the e2e tests all rely on.
 * Renaming one here renames it everywhere; tests must import these rather than spell them.
 *
 * The accessible summary (`SUMMARY`) is visually hidden but always present and kept current:
 *
 *   <div id="tl-summary" data-run-state="running|exited|stopped|failedToStart|idle"
 *        data-exit-code="0"            (only once the run has ended)
 *        data-worker-count="6" data-wake-count="10" data-event-set-count="1"
 *        data-output-count="10" data-event-count="68" data-seq="12">
 *     <p id="tl-summary-text">…one sentence for screen readers…</p>
 *     <ul id="tl-lanes">
 *       <li data-worker-name="Process-1" data-state="done">Process-1: done</li> …
 *     </ul>
 *     <ul id="tl-event-primitives">
 *       <li data-primitive-name="event" data-set-count="1" data-is-set="true">…</li> …
 *     </ul>
 *   </div>
 *
 * `data-event-set-count` on the root is the total number of `set` operations over every
 * primitive of kind 'event'; `data-wake-count` counts wakes (model.wakes), including joins.
 */

export const ID = {
  /** The whole panel; carries `data-theme-kind` for styling only. */
  root: 'tl-root',
  programName: 'tl-program',
  runState: 'tl-run-state',
  duration: 'tl-duration',
  records: 'tl-records',
  /** Warning banner (dropped records, failure to start); hidden when empty. */
  banner: 'tl-banner',
  followButton: 'tl-follow',
  fitButton: 'tl-fit',
  zoomInButton: 'tl-zoom-in',
  zoomOutButton: 'tl-zoom-out',
  legend: 'tl-legend',
  /** Scrolling box around the canvas; the canvas sizes itself to its width. */
  timelineBox: 'tl-timeline-box',
  canvas: 'tl-canvas',
  tooltip: 'tl-tooltip',
  /** The output log list: one `<li>` per line, with `data-output-index`. */
  outputLog: 'tl-output',
  outputCount: 'tl-output-count',
  summary: 'tl-summary',
  summaryText: 'tl-summary-text',
  lanes: 'tl-lanes',
  eventPrimitives: 'tl-event-primitives',
} as const;

export const ATTR = {
  runState: 'data-run-state',
  exitCode: 'data-exit-code',
  workerCount: 'data-worker-count',
  wakeCount: 'data-wake-count',
  eventSetCount: 'data-event-set-count',
  outputCount: 'data-output-count',
  /** Number of trace events folded into the panel's model. */
  eventCount: 'data-event-count',
  /** The last delta sequence number applied. */
  seq: 'data-seq',
  workerName: 'data-worker-name',
  state: 'data-state',
  primitiveName: 'data-primitive-name',
  setCount: 'data-set-count',
  isSet: 'data-is-set',
  /** Index into model.output of a log line. */
  outputIndex: 'data-output-index',
  /** Set on the selected output line ("true"). */
  selected: 'data-selected',
} as const;

/** What `data-run-state` holds: `idle` before any run reached the panel. */
export type PanelRunState = 'idle' | 'running' | 'exited' | 'stopped' | 'failedToStart';
