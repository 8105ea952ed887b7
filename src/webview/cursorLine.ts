/**
 * The pinned time cursor on the canvas: a solid line across every row with its time in a tag
 * on the axis. What it reads is listed as text in the side panel (cursorPanel.ts).
 */
import { contrastingText } from './canvasText';
import { AXIS_HEIGHT } from './layout';
import type { Frame } from './renderer';
import { formatMs } from './timeScale';

export function drawCursor(ctx: CanvasRenderingContext2D, frame: Frame, t: number): void {
  const { scale, palette: p } = frame;
  const x = Math.round(scale.x(t)) + 0.5;
  if (x < scale.left || x > scale.right) return;
  ctx.save();
  ctx.strokeStyle = p.cursor;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x, AXIS_HEIGHT);
  ctx.lineTo(x, frame.height);
  ctx.stroke();
  ctx.restore();
}

/** The cursor's tag on the axis (drawn after the axis, outside the plot's clip). */
export function drawCursorTag(ctx: CanvasRenderingContext2D, frame: Frame, t: number): void {
  const { scale, palette: p } = frame;
  const x = Math.round(scale.x(t)) + 0.5;
  if (x < scale.left || x > scale.right) return;
  const text = formatMs(t);
  ctx.font = `600 11px ${p.fontFamily}`;
  const w = ctx.measureText(text).width + 10;
  const left = Math.min(Math.max(x - w / 2, scale.left), scale.right - w);
  ctx.fillStyle = p.cursor;
  ctx.fillRect(left, 3, w, AXIS_HEIGHT - 8);
  ctx.fillStyle = contrastingText(ctx, p.cursor, p.background, p.foreground);
  ctx.textBaseline = 'middle';
  ctx.fillText(text, left + 5, AXIS_HEIGHT / 2 - 1);
}
