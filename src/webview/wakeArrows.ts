/**
 * Causal wake arrows: from the operation that released a waiter (x = opAt on the releasing
 * worker's lane) to the moment the waiter resumed (x = at on its own lane).
 */
import type { Wake } from '../model/runModel';
import { lowerBound } from './intervals';
import { BAR_HEIGHT, laneCenter } from './layout';
import type { Frame } from './renderer';

export interface ArrowPath {
  readonly wake: Wake;
  readonly x0: number;
  readonly y0: number;
  readonly c1x: number;
  readonly c2x: number;
  readonly x1: number;
  readonly y1: number;
}

export function drawWakes(ctx: CanvasRenderingContext2D, frame: Frame): void {
  const paths = visibleArrows(frame);
  if (paths.length === 0) return;
  if (paths.length > DENSE_ARROWS) {
    // Many arrows: thin and translucent, so they read as a texture of causality, not a wall.
    ctx.strokeStyle = frame.palette.wake;
    ctx.globalAlpha = 0.45;
    ctx.lineWidth = 1;
    ctx.beginPath();
    // Straight segments: at this density a curve's shape is not visible, its cost is.
    for (const path of paths) {
      ctx.moveTo(path.x0, path.y0);
      ctx.lineTo(path.x1, path.y1);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    return;
  }
  // A halo in the background colour first, so arrows stay legible over bars of any colour.
  ctx.strokeStyle = frame.palette.background;
  ctx.globalAlpha = 0.75;
  ctx.lineWidth = 4;
  for (const path of paths) strokeCurve(ctx, path);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = frame.palette.wake;
  ctx.fillStyle = frame.palette.wake;
  ctx.lineWidth = 1.5;
  for (const path of paths) {
    strokeCurve(ctx, path);
    ctx.beginPath();
    ctx.arc(path.x0, path.y0, 2.5, 0, Math.PI * 2);
    ctx.fill();
    // Aim the head along the curve's last stretch (the end tangent is always horizontal).
    const [px, py] = cubicPoint(0.8, path);
    drawArrowHead(ctx, path.x1, path.y1, Math.atan2(path.y1 - py, path.x1 - px));
  }
}

/** Above this many arrows on screen they are drawn thin, without halos or heads. */
export const DENSE_ARROWS = 150;
/** At most one arrow into a lane per this many pixels of resume time. */
const ARROW_GAP_PX = 4;
/** And never more than this many in one frame: past it, arrows are a texture anyway. */
const MAX_ARROWS = 1500;

export function visibleArrows(frame: Frame): ArrowPath[] {
  const { scale, layout } = frame;
  const margin = scale.msPerPx * 40;
  const paths: ArrowPath[] = [];
  const wakes = frame.index.wakes();
  // Sorted by resume time: an arrow ending after the window's end may still cross it, but not
  // one ending later than the longest arrow seen.
  let k = lowerBound(wakes, scale.window.start - margin, (w) => w.at);
  const last = scale.window.end + margin + frame.index.maxWakeSpan;
  // Far more wakes on screen than can be drawn: look at an even sample of them.
  const count = lowerBound(wakes, last, (w) => w.at) - k;
  const stride = Math.max(1, Math.floor(count / (MAX_ARROWS * 3)));
  // Level of detail: one arrow per few pixels into each lane, and a cap per frame.
  const lastX = new Map<number, number>();
  for (; k < wakes.length; k += stride) {
    const wake = wakes[k] as Wake;
    if (wake.at > last) break;
    if (wake.opAt === undefined || wake.opAt > scale.window.end + margin) continue;
    const from = layout.workerRows.get(wake.by);
    const to = layout.workerRows.get(wake.waiter);
    if (!from || !to || from === to) continue;
    const x0 = scale.x(wake.opAt);
    const x1 = scale.x(wake.at);
    const prev = lastX.get(wake.waiter);
    if (prev !== undefined && x1 - prev < ARROW_GAP_PX) continue;
    lastX.set(wake.waiter, x1);
    if (paths.length >= MAX_ARROWS) break;
    // Leave the op's bar and enter the waiter's bar at their edges, not their middles, so the
    // arrow never covers the waiter's label.
    const down = laneCenter(to) > laneCenter(from) ? 1 : -1;
    const y0 = laneCenter(from) + (down * BAR_HEIGHT) / 2;
    const y1 = laneCenter(to) - (down * BAR_HEIGHT) / 2;
    // Wide wakes get Perfetto's flow shape (leave heading right, arrive heading right); most
    // wakes are near-instant, and those stay near-straight instead of looping back on themselves.
    const bend = Math.min(36, Math.max(0, (x1 - x0) / 2));
    paths.push({ wake, x0, y0, c1x: x0 + bend, c2x: x1 - bend, x1, y1 });
  }
  return paths;
}

function strokeCurve(ctx: CanvasRenderingContext2D, p: ArrowPath): void {
  ctx.beginPath();
  ctx.moveTo(p.x0, p.y0);
  ctx.bezierCurveTo(p.c1x, p.y0, p.c2x, p.y1, p.x1, p.y1);
  ctx.stroke();
}

function cubicPoint(t: number, p: ArrowPath): [number, number] {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return [a * p.x0 + b * p.c1x + c * p.c2x + d * p.x1, (a + b) * p.y0 + (c + d) * p.y1];
}

function drawArrowHead(ctx: CanvasRenderingContext2D, x: number, y: number, angle: number): void {
  const length = 7;
  const spread = 0.45;
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - length * Math.cos(angle - spread), y - length * Math.sin(angle - spread));
  ctx.lineTo(x - length * Math.cos(angle + spread), y - length * Math.sin(angle + spread));
  ctx.closePath();
  ctx.fill();
}
