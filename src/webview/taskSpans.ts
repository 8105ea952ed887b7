/**
 * Pool tasks as labelled spans in the strip under the worker that ran them: "#3 square(7)".
 * Failed tasks take the error colour (their error shows on hover), also when the program never
 * asked for the result. Tasks narrower than a few pixels merge into one fill per column.
 */
import type { TaskView } from '../model/runModel';
import { contrastingText, fitText } from './canvasText';
import { lowerBound } from './intervals';
import type { WorkerRow } from './layout';
import type { Frame } from './renderer';

const TASK_HEIGHT = 13;

export function taskLabel(task: TaskView): string {
  return `#${task.index} ${task.fn}(${task.args ?? ''})`;
}

export function drawTasks(ctx: CanvasRenderingContext2D, frame: Frame, row: WorkerRow): void {
  if (row.taskTop === undefined) return;
  const { scale, palette: p, now, index } = frame;
  const tasks = index.model.tasks;
  const mine = index.tasksOf(row.worker.id);
  const end = (t: TaskView): number => t.to ?? Math.max(now, t.from);
  const y = row.taskTop;
  // Tasks on one worker are sequential: the first on screen is found by binary search on ends.
  let k = Math.max(0, lowerBound(mine, scale.window.start, (i) => end(tasks[i] as TaskView)));
  let mergedTo = -Infinity;
  let mergedFailed = 0;
  let mergedFrom = 0;
  const flush = (): void => {
    if (mergedTo === -Infinity) return;
    if (mergedFailed > 0) {
      // Failures are the lesson (seed 001: errors nobody asked for): never a faint sliver.
      const width = Math.max(6, mergedTo - mergedFrom);
      ctx.fillStyle = p.state.failed;
      ctx.fillRect(mergedFrom, y, width, TASK_HEIGHT);
      ctx.font = `600 10.5px ${p.fontFamily}`;
      ctx.fillText(`✕ ${mergedFailed} failed`, mergedFrom + width + 3, y + TASK_HEIGHT / 2 + 0.5);
      ctx.font = `10.5px ${p.fontFamily}`;
    } else {
      ctx.fillStyle = p.task;
      ctx.globalAlpha = 0.55;
      ctx.fillRect(mergedFrom, y, Math.max(1, mergedTo - mergedFrom), TASK_HEIGHT);
      ctx.globalAlpha = 1;
    }
    mergedTo = -Infinity;
    mergedFailed = 0;
  };
  ctx.font = `10.5px ${p.fontFamily}`;
  ctx.textBaseline = 'middle';
  for (; k < mine.length; k++) {
    const task = tasks[mine[k] as number] as TaskView;
    if (task.from > scale.window.end) break;
    const x0 = scale.x(task.from);
    const x1 = scale.x(end(task));
    const failed = task.ok === false;
    if (x1 - x0 < 3) {
      // Level of detail: narrow tasks in a row become one fill (red if any failed).
      if (mergedTo !== -Infinity && x0 > mergedTo + 1) flush();
      if (mergedTo === -Infinity) mergedFrom = x0;
      mergedTo = Math.max(mergedTo, x1, x0 + 1);
      if (failed) mergedFailed++;
      continue;
    }
    flush();
    const colour = failed ? p.state.failed : p.task;
    const w = x1 - x0 - 1;
    ctx.fillStyle = colour;
    ctx.globalAlpha = task.to === undefined ? 0.5 : 0.8;
    roundRect(ctx, x0, y, w, TASK_HEIGHT, 3);
    ctx.globalAlpha = 1;
    const hovered = frame.hover?.kind === 'task' && frame.hover.task === task;
    if (hovered || p.contrastBorder) {
      ctx.strokeStyle = hovered ? p.focus : (p.contrastBorder as string);
      ctx.lineWidth = hovered ? 2 : 1;
      ctx.strokeRect(x0 + 0.5, y + 0.5, w - 1, TASK_HEIGHT - 1);
    }
    if (w > 18) {
      const left = Math.max(x0, scale.left) + 4;
      const text = fitText(ctx, `${failed ? '✕ ' : ''}${taskLabel(task)}`, Math.min(x0 + w, scale.right) - 4 - left);
      if (text) {
        ctx.fillStyle = contrastingText(ctx, colour, p.background, p.foreground);
        ctx.fillText(text, left, y + TASK_HEIGHT / 2 + 0.5);
      }
    }
  }
  flush();
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, Math.max(1, w), h, Math.min(r, w / 2));
  ctx.fill();
}

/** The task under time t on a worker, if any (tasks of one worker are sequential). */
export function taskAt(tasks: readonly TaskView[], mine: readonly number[], t: number, slop: number, now: number): TaskView | undefined {
  const end = (task: TaskView): number => task.to ?? Math.max(now, task.from);
  const k = lowerBound(mine, t - slop, (i) => end(tasks[i] as TaskView));
  const task = tasks[mine[k] as number];
  return task && task.from <= t + slop ? task : undefined;
}
