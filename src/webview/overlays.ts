/**
 * What is drawn over the lanes: output markers (at most one per few pixels) and the "now"
 * line. Primitive tracks, wake arrows and tasks have their own files.
 */
import type { WorkerRow } from './layout';
import { OUTPUT_MARK_HEIGHT } from './hitTest';
import { lowerBound } from './intervals';
import { thinSorted } from './lod';
import type { Frame } from './renderer';

export function drawOutputMarks(ctx: CanvasRenderingContext2D, frame: Frame): void {
  const { scale, index, palette: p } = frame;
  const output = index.model.output;
  const at = (i: number): number => output[i]?.at ?? 0;
  const pad = scale.msPerPx * 5;
  const window = { start: scale.window.start - pad, end: scale.window.end + pad };
  // Plain marks are batched into one path per colour (stdout, stderr); emphasised ones after.
  const plain = new Path2D();
  const stderr = new Path2D();
  let plainCount = 0;
  const emphasised: [WorkerRow, number][] = [];
  for (const row of frame.layout.rows) {
    if (row.kind !== 'worker' || row.top > frame.visibleBottom || row.top + row.height < frame.visibleTop) continue;
    const lines = index.outputOf(row.worker.id);
    const from = lowerBound(lines, window.start, at);
    const kept = thinSorted(lines.length, (k) => at(lines[k] as number), from, window, scale.msPerPx, 3);
    // The selected line is always drawn, even when it shares a column with others.
    if (frame.selectedOutput !== undefined && output[frame.selectedOutput]?.worker === row.worker.id) {
      const sel = lowerBound(lines, frame.selectedOutput, (v) => v);
      if (lines[sel] === frame.selectedOutput && !kept.includes(sel)) kept.push(sel);
    }
    for (const k of kept) {
      const i = lines[k] as number;
      const hovered = frame.hover?.kind === 'output' && frame.hover.outputIndex === i;
      if (i === frame.selectedOutput || hovered) {
        emphasised.push([row, at(i)]);
        continue;
      }
      triangle(output[i]?.stream === 'stderr' ? stderr : plain, Math.round(scale.x(at(i))) + 0.5, row.top + 1, 3.5, OUTPUT_MARK_HEIGHT - 1);
      plainCount++;
    }
  }
  ctx.strokeStyle = p.background;
  ctx.lineWidth = 1;
  ctx.fillStyle = p.outputMark;
  ctx.fill(plain);
  // Outlines only while marks are few: hundreds of outlines cost more than they tell.
  if (plainCount < 400) ctx.stroke(plain);
  ctx.fillStyle = p.state.failed;
  ctx.fill(stderr);
  ctx.stroke(stderr);
  for (const [row, t] of emphasised) {
    const x = Math.round(scale.x(t)) + 0.5;
    ctx.strokeStyle = p.focus;
    ctx.beginPath();
    ctx.moveTo(x, row.top);
    ctx.lineTo(x, row.top + row.height);
    ctx.stroke();
    const mark = new Path2D();
    triangle(mark, x, row.top + 1, 5, OUTPUT_MARK_HEIGHT + 1);
    ctx.fillStyle = p.focus;
    ctx.fill(mark);
    ctx.strokeStyle = p.background;
    ctx.stroke(mark);
  }
}

function triangle(path: Path2D, x: number, top: number, half: number, h: number): void {
  path.moveTo(x - half, top);
  path.lineTo(x + half, top);
  path.lineTo(x, top + h);
  path.closePath();
}

export function drawNowLine(ctx: CanvasRenderingContext2D, frame: Frame): void {
  const x = Math.round(frame.scale.x(frame.now)) + 0.5;
  ctx.strokeStyle = frame.palette.focus;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  ctx.moveTo(x, 0);
  ctx.lineTo(x, frame.height);
  ctx.stroke();
  ctx.setLineDash([]);
}
