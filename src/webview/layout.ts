/**
 * Vertical geometry: the time axis on top, one lane per worker (taller when it ran pool
 * tasks: they sit in a strip under its state bars), then one track per primitive with state.
 * Everything here is in CSS pixels; the renderer scales by devicePixelRatio.
 */
import type { WorkerId } from '../model/ids';
import type { PrimitiveView, WorkerView } from '../model/runModel';
import type { ModelIndex } from './modelIndex';
import type { PrimitiveTrack } from './primitiveTracks';

export const GUTTER_WIDTH = 132;
export const AXIS_HEIGHT = 26;
export const LANE_HEIGHT = 28;
export const BAR_HEIGHT = 18;
export const TRACK_HEIGHT = 24;
/** The strip under a pool worker's state bars where its tasks are drawn. */
export const TASK_STRIP = 17;
/** Room between the worker lanes and the event tracks for a section label. */
export const SECTION_GAP = 20;
const BOTTOM_PAD = 10;

export interface WorkerRow {
  readonly kind: 'worker';
  readonly worker: WorkerView;
  readonly top: number;
  readonly height: number;
  /** Top of the task strip, when the worker ran pool tasks. */
  readonly taskTop?: number;
}

/** A primitive's track (the name EventRow stays: Events were the first tracks). */
export interface EventRow {
  readonly kind: 'event';
  readonly primitive: PrimitiveView;
  readonly track: PrimitiveTrack;
  readonly top: number;
  readonly height: number;
}

export type Row = WorkerRow | EventRow;

export interface Layout {
  readonly rows: readonly Row[];
  readonly workerRows: ReadonlyMap<WorkerId, WorkerRow>;
  /** Top of the event section (its label sits in the gap above the first track). */
  readonly eventSectionTop: number | undefined;
  readonly height: number;
}

export function layoutRows(index: ModelIndex): Layout {
  const rows: Row[] = [];
  const workerRows = new Map<WorkerId, WorkerRow>();
  let y = AXIS_HEIGHT;
  // By id: MainProcess first, then processes in the order they were created.
  const workers = [...index.model.workers.values()].sort((a, b) => a.id - b.id);
  for (const worker of workers) {
    const tasks = index.hasTasks(worker.id);
    const row: WorkerRow = tasks
      ? { kind: 'worker', worker, top: y, height: LANE_HEIGHT + TASK_STRIP, taskTop: y + LANE_HEIGHT - 3 }
      : { kind: 'worker', worker, top: y, height: LANE_HEIGHT };
    rows.push(row);
    workerRows.set(worker.id, row);
    y += row.height;
  }
  const tracks = index.tracks();
  let eventSectionTop: number | undefined;
  if (tracks.length > 0) {
    eventSectionTop = y;
    y += SECTION_GAP;
    for (const track of tracks) {
      rows.push({ kind: 'event', primitive: track.primitive, track, top: y, height: TRACK_HEIGHT });
      y += TRACK_HEIGHT;
    }
  }
  return { rows, workerRows, eventSectionTop, height: Math.max(y + BOTTOM_PAD, AXIS_HEIGHT + LANE_HEIGHT * 2) };
}

export function rowAt(layout: Layout, y: number): Row | undefined {
  return layout.rows.find((row) => y >= row.top && y < row.top + row.height);
}

/** Middle of a row's state bars (a pool worker's task strip is below them). */
export function laneCenter(row: Row): number {
  return row.top + (row.kind === 'worker' ? LANE_HEIGHT : row.height) / 2;
}

/** Top of a worker's state bars. */
export function barTop(row: WorkerRow): number {
  return row.top + (LANE_HEIGHT - BAR_HEIGHT) / 2;
}
