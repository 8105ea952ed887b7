/**
 * Draws one primitive track: an Event's set spans, a Lock's owner bars (labelled with the
 * owner and how many waited), a step chart for counts (Queue size, Semaphore holds, Barrier
 * arrivals, Pool pending tasks), and a mark per op on top, thinned to one per few pixels.
 */
import type { WorkerId } from '../model/ids';
import type { RunModel } from '../model/runModel';
import { contrastingText, fitText } from './canvasText';
import { intervalAt, lowerBound } from './intervals';
import type { EventRow } from './layout';
import { thinSorted } from './lod';
import type { TrackSegment } from './primitiveTracks';
import type { Frame } from './renderer';

const MARK_GAP_PX = 3;

export function drawTrack(ctx: CanvasRenderingContext2D, frame: Frame, row: EventRow): void {
  const { scale, palette: p, now } = frame;
  const track = row.track;
  const top = row.top + 4;
  const height = row.height - 8;
  const colour = p.track[track.shape ?? 'flag'];
  ctx.font = `11px ${p.fontFamily}`;
  ctx.textBaseline = 'middle';
  const segs = track.segments;
  // Segments are in time order and do not overlap: start at the one covering the left edge.
  let i = Math.max(0, lowerBound(segs, scale.window.start, (s) => s.from) - 1);
  let lastX = -Infinity;
  for (; i < segs.length; i++) {
    const seg = segs[i] as TrackSegment;
    if (seg.from > scale.window.end) break;
    const to = seg.to ?? now;
    if (to < scale.window.start) continue;
    const x0 = scale.x(seg.from);
    const x1 = scale.x(to);
    // Level of detail: a segment inside an already painted pixel adds nothing.
    if (x1 < lastX + 0.5) continue;
    lastX = x1;
    const w = Math.max(1, x1 - x0);
    ctx.fillStyle = colour;
    if (track.shape === 'count') {
      const h = Math.max(2, (height * seg.value) / Math.max(1, track.max));
      ctx.globalAlpha = 0.45;
      ctx.fillRect(x0, top + height - h, w, h);
      ctx.globalAlpha = 1;
      ctx.fillRect(x0, top + height - h, w, 1.5);
      if (w > 22) label(ctx, frame, String(seg.value), x0, w, top + height / 2, undefined);
    } else if (track.shape === 'owner') {
      ctx.globalAlpha = 0.85;
      ctx.fillRect(x0, top, w - (w > 4 ? 1 : 0), height);
      ctx.globalAlpha = 1;
      if (w > 30) label(ctx, frame, ownerLabel(frame.index.model, row, seg), x0, w, top + height / 2, colour);
    } else {
      ctx.globalAlpha = 0.3;
      ctx.fillRect(x0, top, w, height);
      ctx.globalAlpha = 1;
      ctx.fillRect(x0, top, w, 2);
      if (w > 30) label(ctx, frame, 'set', x0, w, top + height / 2, undefined);
    }
  }
  drawOpMarks(ctx, frame, row, top + height / 2);
}

function label(ctx: CanvasRenderingContext2D, frame: Frame, text: string, x0: number, w: number, midY: number, background: string | undefined): void {
  const left = Math.max(x0, frame.scale.left) + 5;
  const right = Math.min(x0 + w, frame.scale.right) - 4;
  const fitted = fitText(ctx, text, right - left);
  if (!fitted) return;
  const p = frame.palette;
  ctx.fillStyle = background ? contrastingText(ctx, background, p.background, p.foreground) : p.foreground;
  ctx.fillText(fitted, left, midY + 0.5);
}

/** "Process-1 · 2 waiting": the owner, and how many workers waited on the lock meanwhile. */
export function ownerLabel(model: RunModel, row: EventRow, seg: TrackSegment): string {
  const owner = seg.owner !== undefined ? model.workers.get(seg.owner)?.name ?? `worker ${seg.owner}` : '?';
  const depth = seg.value > 1 ? ` ×${seg.value}` : '';
  const waiting = waitersDuring(model, row.primitive.id, seg.from, seg.to ?? model.latest, seg.owner);
  return `${owner}${depth}${waiting ? ` · ${waiting} waiting` : ''}`;
}

/** Workers (other than the owner) blocked on `primitive` at some time in [from, to]. */
export function waitersDuring(model: RunModel, primitive: number, from: number, to: number, owner: WorkerId | undefined): number {
  let n = 0;
  for (const worker of model.workers.values()) {
    if (worker.id === owner) continue;
    const states = worker.states;
    let k = lowerBound(states, from, (s) => s.from);
    if (k > 0 && intervalAt(states, from, to)) k--;
    for (let steps = 0; k < states.length && steps < 64; k++, steps++) {
      const s = states[k];
      if (!s || s.from > to) break;
      if (s.on === primitive && (s.state === 'blocked' || s.state === 'waiting')) {
        n++;
        break;
      }
    }
  }
  return n;
}

function drawOpMarks(ctx: CanvasRenderingContext2D, frame: Frame, row: EventRow, y: number): void {
  const { scale, palette: p } = frame;
  const ops = row.track.sorted;
  const pad = scale.msPerPx * 6;
  const from = lowerBound(ops, scale.window.start - pad, (m) => m.at);
  const kept = thinSorted(ops.length, (k) => (ops[k] as { at: number }).at, from, { start: scale.window.start - pad, end: scale.window.end + pad }, scale.msPerPx, MARK_GAP_PX);
  // Many marks: small ticks. Few: diamonds that a set on an already-set Event still shows.
  const small = kept.length > 200;
  ctx.strokeStyle = p.background;
  ctx.lineWidth = 1;
  for (const k of kept) {
    const mark = ops[k];
    if (!mark) continue;
    const x = scale.x(mark.at);
    const wakes = mark.op === 'set' || mark.op === 'release' || mark.op === 'put' || mark.op === 'arrive' || mark.op === 'notify' || mark.op === 'send';
    ctx.fillStyle = wakes ? p.track[row.track.shape ?? 'flag'] : p.muted;
    if (row.track.shape === 'flag') ctx.fillStyle = mark.op === 'set' ? p.eventSet : p.muted;
    if (small) {
      ctx.fillRect(Math.round(x), y - 3, 1, 6);
      continue;
    }
    const r = frame.hover?.kind === 'op' && frame.hover.mark === mark ? 6 : row.track.shape === 'flag' ? 4.5 : 3;
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
