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
 *     <ul id="tl-tracks">                   (one per primitive with a state track)
 *       <li data-primitive-name="a" data-kind="lock" data-segment-count="2" data-value="free">…</li> …
 *     </ul>
 *     <ul id="tl-problems">                 (deadlocks, hangs, potential deadlocks)
 *       <li data-kind="deadlock" data-problem-id="deadlock:1,2" data-worker-names="Process-1,Process-2"
 *           data-inconclusive="false">…summary…</li> …
 *     </ul>
 *     <ul id="tl-failed-tasks">             (at most 50 failed pool tasks)
 *       <li data-task-index="3" data-fn="square" data-worker-name="ForkPoolWorker-1">…error…</li> …
 *     </ul>
 *   </div>
 *
 * More attributes of the root: data-problem-count, data-deadlock-count, data-hang-count,
 * data-potential-deadlock-count, data-task-count, data-failed-task-count, data-track-count,
 * data-arrow-count (wake arrows whose both ends are known, i.e. drawable), and
 * data-cursor-ms (the pinned time cursor; absent when none).
 *
 * `data-event-set-count` on the root is the total number of `set` operations over every
 * primitive of kind 'event'; `data-wake-count` counts wakes (model.wakes), including joins.
 *
 * The time cursor's side panel (visible, text only) mirrors the same instant:
 *
 *   <aside id="tl-cursor" data-cursor-ms="512.3" hidden?>
 *     <h2 id="tl-cursor-time">At 512 ms</h2>
 *     <ul id="tl-cursor-workers"><li data-worker-name="Process-1" data-state="blocked">…</li></ul>
 *     <ul id="tl-cursor-primitives"><li data-primitive-name="a" data-kind="lock" data-value="Process-2"
 *         data-waiter-count="1">…</li></ul>
 *   </aside>
 *
 * The problems banner (visible) lists each problem with reveal buttons:
 *
 *   <div id="tl-problems-banner"><ul><li data-kind="deadlock">…summary…
 *     <button data-reveal-file=… data-reveal-line=…>Process-1 · demo.ts:12</button></li></ul></div>
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
  /** Summary: one item per primitive state track. */
  tracks: 'tl-tracks',
  /** Summary: one item per problem (deadlock, hang, potential deadlock, dead owner). */
  problems: 'tl-problems',
  /** Summary: failed pool tasks (at most 50). */
  failedTasks: 'tl-failed-tasks',
  /** Visible banner listing problems with buttons that reveal the blocked call sites. */
  problemsBanner: 'tl-problems-banner',
  /** Toolbar: posts `{ type: 'export' }` (the extension saves a Perfetto trace). */
  exportButton: 'tl-export',
  /** The time cursor's side panel and its parts. */
  cursorPanel: 'tl-cursor',
  cursorTime: 'tl-cursor-time',
  cursorWorkers: 'tl-cursor-workers',
  cursorPrimitives: 'tl-cursor-primitives',
  cursorClose: 'tl-cursor-close',
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
  problemCount: 'data-problem-count',
  deadlockCount: 'data-deadlock-count',
  hangCount: 'data-hang-count',
  potentialDeadlockCount: 'data-potential-deadlock-count',
  taskCount: 'data-task-count',
  failedTaskCount: 'data-failed-task-count',
  trackCount: 'data-track-count',
  arrowCount: 'data-arrow-count',
  /** The pinned cursor's time in ms (root of the summary and the cursor panel). */
  cursorMs: 'data-cursor-ms',
  /** A problem's or a primitive's kind (ProblemKind / PrimitiveKind). */
  kind: 'data-kind',
  problemId: 'data-problem-id',
  /** Comma-separated names of the workers a problem involves. */
  workerNames: 'data-worker-names',
  inconclusive: 'data-inconclusive',
  segmentCount: 'data-segment-count',
  /** A primitive's state as text: "set"/"clear", an owner's name or "free", a count. */
  value: 'data-value',
  waiterCount: 'data-waiter-count',
  taskIndex: 'data-task-index',
  fn: 'data-fn',
  /** On reveal buttons: the source site they open. */
  revealFile: 'data-reveal-file',
  revealLine: 'data-reveal-line',
  revealColumn: 'data-reveal-column',
} as const;

/** What `data-run-state` holds: `idle` before any run reached the panel. */
export type PanelRunState = 'idle' | 'running' | 'exited' | 'stopped' | 'failedToStart';

/**
 * User Timing marks the page sets (performance.mark): when its head began to run, and the
 * frame that first painted a lane. Timed on the page's own clock, they say when a user saw it,
 * not when a test's polling noticed (which lagged by up to 0.7 s on two busy CPUs).
 */
export const MARK = {
  boot: 'threadline:boot',
  firstLane: 'threadline:first-lane',
} as const;
