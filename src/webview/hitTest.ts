/**
 * What is under the pointer: an output marker, a pool task, a state interval, or a primitive
 * track's op mark or segment.
 * Markers win over bars because they are small and sit on top of them.
 */
import type { OpMark, StateInterval, TaskView } from '../model/runModel';
import { intervalAt, lowerBound } from './intervals';
import { rowAt, type EventRow, type Layout, type WorkerRow } from './layout';
import type { ModelIndex } from './modelIndex';
import type { TrackSegment } from './primitiveTracks';
import { taskAt } from './taskSpans';
import type { TimeScale } from './timeScale';

export type Hit =
  | { readonly kind: 'interval'; readonly row: WorkerRow; readonly interval: StateInterval }
  | { readonly kind: 'output'; readonly row: WorkerRow; readonly outputIndex: number }
  | { readonly kind: 'task'; readonly row: WorkerRow; readonly task: TaskView }
  | { readonly kind: 'op'; readonly row: EventRow; readonly mark: OpMark }
  | { readonly kind: 'span'; readonly row: EventRow; readonly span: TrackSegment };

/** Output markers hang from the top of a lane; this is their clickable height. */
export const OUTPUT_MARK_HEIGHT = 8;
const SLOP_PX = 4;

export function hitTest(x: number, y: number, layout: Layout, scale: TimeScale, index: ModelIndex, now: number): Hit | undefined {
  if (x < scale.left || x > scale.right) return undefined;
  const row = rowAt(layout, y);
  if (!row) return undefined;
  const t = scale.t(x);
  const slop = SLOP_PX * scale.msPerPx;
  if (row.kind === 'event') {
    const mark = nearest(row.track.sorted, t, slop);
    if (mark) return { kind: 'op', row, mark };
    const span = row.track.segmentAt(t);
    return span ? { kind: 'span', row, span } : undefined;
  }
  if (row.taskTop !== undefined && y >= row.taskTop) {
    const task = taskAt(index.model.tasks, index.tasksOf(row.worker.id), t, slop, now);
    if (task) return { kind: 'task', row, task };
  }
  if (y - row.top <= OUTPUT_MARK_HEIGHT + 2) {
    const outputIndex = nearestOutput(index, row, t, slop);
    if (outputIndex !== undefined) return { kind: 'output', row, outputIndex };
  }
  // A bar thinner than the slop is still hittable: try the exact time first, then nearby.
  const states = row.worker.states;
  const interval = intervalAt(states, t, now) ?? intervalAt(states, t + slop, now) ?? intervalAt(states, t - slop, now);
  return interval ? { kind: 'interval', row, interval } : undefined;
}

/** The mark nearest t within slop; marks are sorted by time. */
function nearest(marks: readonly OpMark[], t: number, slop: number): OpMark | undefined {
  let best: OpMark | undefined;
  for (let k = lowerBound(marks, t - slop, (m) => m.at); k < marks.length; k++) {
    const mark = marks[k] as OpMark;
    if (mark.at > t + slop) break;
    if (!best || Math.abs(mark.at - t) < Math.abs(best.at - t)) best = mark;
  }
  return best;
}

function nearestOutput(index: ModelIndex, row: WorkerRow, t: number, slop: number): number | undefined {
  const lines = index.outputOf(row.worker.id);
  const output = index.model.output;
  const at = (i: number): number => output[i]?.at ?? 0;
  const from = lowerBound(lines, t - slop, at);
  let best: number | undefined;
  for (let k = from; k < lines.length && at(lines[k] as number) <= t + slop; k++) {
    const i = lines[k] as number;
    if (best === undefined || Math.abs(at(i) - t) < Math.abs(at(best) - t)) best = i;
  }
  return best;
}
