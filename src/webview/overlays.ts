/**
 * What is drawn over the lanes: Event tracks (shaded while set, a mark per op), output
 * markers and the "now" line. Wake arrows have their own file (wakeArrows.ts).
 */
import type { WorkerRow, EventRow } from './layout';
import { OUTPUT_MARK_HEIGHT } from './hitTest';
import { lowerBound } from './intervals';
import type { Frame } from './renderer';

export function drawEventTrack(ctx: CanvasRenderingContext2D, frame: Frame, row: EventRow): void {
  const { scale, palette: p, now } = frame;
  const top = row.top + 4;
  const height = row.height - 8;
  ctx.font = `11px ${p.fontFamily}`;
  ctx.textBaseline = 'middle';
  for (const span of frame.index.setSpansOf(row.primitive)) {
    const to = span.to ?? now;
    if (to < scale.window.start || span.from > scale.window.end) continue;
    const x0 = scale.x(span.from);
    const x1 = scale.x(to);
    ctx.fillStyle = p.eventSet;
    ctx.globalAlpha = 0.3;
    ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
    ctx.globalAlpha = 1;
    ctx.fillRect(x0, top, Math.max(1, x1 - x0), 2);
    const left = Math.max(x0, scale.left) + 6;
    if (Math.min(x1, scale.right) - left > 30) {
      ctx.fillStyle = p.foreground;
      ctx.fillText('set', left, top + height / 2 + 1);
    }
  }
  // Op marks on top: a diamond per set/clear, so a set on an already-set Event still shows.
  ctx.strokeStyle = p.background;
  ctx.lineWidth = 1;
  for (const mark of row.primitive.ops) {
    if (mark.at < scale.window.start - scale.msPerPx * 6 || mark.at > scale.window.end + scale.msPerPx * 6) continue;
    const x = scale.x(mark.at);
    const y = top + height / 2;
    const r = frame.hover?.kind === 'op' && frame.hover.mark === mark ? 6 : 4.5;
    ctx.fillStyle = mark.op === 'set' ? p.eventSet : p.muted;
    ctx.beginPath();
    ctx.moveTo(x, y - r);
    ctx.lineTo(x + r, y);
    ctx.lineTo(x, y + r);
    ctx.lineTo(x - r, y);
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }
}

export function drawOutputMarks(ctx: CanvasRenderingContext2D, frame: Frame): void {
  const { scale, index } = frame;
  const output = index.model.output;
  const at = (i: number): number => output[i]?.at ?? 0;
  const pad = scale.msPerPx * 5;
  for (const row of frame.layout.rows) {
    if (row.kind !== 'worker') continue;
    const lines = index.outputOf(row.worker.id);
    for (let k = lowerBound(lines, scale.window.start - pad, at); k < lines.length; k++) {
      const i = lines[k] as number;
      if (at(i) > scale.window.end + pad) break;
      const selected = i === frame.selectedOutput;
      const hovered = frame.hover?.kind === 'output' && frame.hover.outputIndex === i;
      drawOutputMark(ctx, frame, row, at(i), selected || hovered, output[i]?.stream === 'stderr');
    }
  }
}

function drawOutputMark(ctx: CanvasRenderingContext2D, frame: Frame, row: WorkerRow, t: number, emphasised: boolean, stderr: boolean): void {
  const p = frame.palette;
  const x = Math.round(frame.scale.x(t)) + 0.5;
  const half = emphasised ? 5 : 3.5;
  const h = emphasised ? OUTPUT_MARK_HEIGHT + 1 : OUTPUT_MARK_HEIGHT - 1;
  if (emphasised) {
    ctx.strokeStyle = p.focus;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, row.top);
    ctx.lineTo(x, row.top + row.height);
    ctx.stroke();
  }
  ctx.fillStyle = emphasised ? p.focus : stderr ? p.state.failed : p.outputMark;
  ctx.strokeStyle = p.background;
  ctx.beginPath();
  ctx.moveTo(x - half, row.top + 1);
  ctx.lineTo(x + half, row.top + 1);
  ctx.lineTo(x, row.top + 1 + h);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
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
