/**
 * Deadlocks, hangs and potential deadlocks on the picture: the stuck intervals outlined in the
 * error colour, the wait-for edges drawn from each stuck worker to the one holding what it
 * waits for, and the acquisitions of a lock-order inversion ringed. `problemMarks` is pure.
 */
import type { WorkerId } from '../model/ids';
import type { Problem } from '../model/problems';
import type { RunModel } from '../model/runModel';
import type { SourceSite } from '../model/trace';
import { intervalAt } from './intervals';
import { BAR_HEIGHT, barTop, laneCenter } from './layout';
import type { Frame } from './renderer';

export interface StuckMark {
  readonly problem: Problem;
  readonly worker: WorkerId;
  readonly since: number;
  readonly site?: SourceSite;
}

export interface WaitForEdge {
  readonly problem: Problem;
  readonly from: WorkerId;
  readonly to: WorkerId;
  readonly since: number;
}

export interface OrderMark {
  readonly problem: Problem;
  readonly worker: WorkerId;
  readonly at: number;
  readonly label: string;
}

export interface ProblemMarks {
  readonly stuck: readonly StuckMark[];
  readonly edges: readonly WaitForEdge[];
  readonly orders: readonly OrderMark[];
}

export const NO_PROBLEMS: ProblemMarks = { stuck: [], edges: [], orders: [] };

export function problemMarks(model: RunModel): ProblemMarks {
  if (model.problems.size === 0) return NO_PROBLEMS;
  const stuck: StuckMark[] = [];
  const edges: WaitForEdge[] = [];
  const orders: OrderMark[] = [];
  for (const problem of model.problems.values()) {
    for (const w of problem.workers) {
      stuck.push({ problem, worker: w.worker, since: w.since, ...(w.site ? { site: w.site } : {}) });
      if (w.heldBy !== undefined && w.heldBy !== w.worker) edges.push({ problem, from: w.worker, to: w.heldBy, since: w.since });
    }
    for (const o of problem.orders ?? []) orders.push({ problem, worker: o.worker, at: o.at, label: `${o.firstName} → ${o.thenName}` });
  }
  return { stuck, edges, orders };
}

export function drawProblems(ctx: CanvasRenderingContext2D, frame: Frame): void {
  const marks = frame.problems;
  if (marks.stuck.length === 0 && marks.orders.length === 0) return;
  const { scale, layout, palette: p, now } = frame;
  ctx.save();
  ctx.strokeStyle = p.problem;
  ctx.fillStyle = p.problem;
  // Stuck intervals: a thick dashed outline from the moment the worker got stuck to now.
  ctx.lineWidth = 2;
  ctx.setLineDash([5, 3]);
  for (const s of marks.stuck) {
    const row = layout.workerRows.get(s.worker);
    if (!row) continue;
    // Outline the wait the worker got stuck in, up to when it ended (a stop) or now.
    const states = row.worker.states;
    const stuckIn = intervalAt(states, s.since, now) ?? intervalAt(states, s.since + 1e-6, now);
    const x0 = scale.x(s.since);
    const x1 = scale.x(Math.max(stuckIn?.to ?? now, s.since));
    if (x1 < scale.left || x0 > scale.right) continue;
    ctx.strokeRect(x0 - 1, barTop(row) - 2, Math.max(3, x1 - x0) + 2, BAR_HEIGHT + 4);
  }
  ctx.setLineDash([]);
  // Wait-for edges, stacked a little apart so a cycle of two shows both directions.
  const latest = marks.stuck.reduce((m, e) => Math.max(m, e.since), -Infinity);
  marks.edges.forEach((edge, k) => {
    const from = layout.workerRows.get(edge.from);
    const to = layout.workerRows.get(edge.to);
    if (!from || !to) return;
    const base = Math.max(scale.x(latest) + 24, scale.left + 24);
    const x = Math.min(base + k * 22, scale.right - 12);
    const y0 = laneCenter(from);
    const y1 = laneCenter(to);
    const dir = y1 > y0 ? 1 : -1;
    const start = y0 + (dir * BAR_HEIGHT) / 2;
    const end = y1 - (dir * BAR_HEIGHT) / 2;
    ctx.strokeStyle = p.background;
    ctx.lineWidth = 5;
    ctx.globalAlpha = 0.8;
    curve(ctx, x, start, end);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = p.problem;
    ctx.lineWidth = 2;
    curve(ctx, x, start, end);
    arrowHead(ctx, x, end, dir);
    ctx.beginPath();
    ctx.arc(x, start, 3, 0, Math.PI * 2);
    ctx.fill();
  });
  // Potential deadlocks: ring the acquisition that took the locks in the other order.
  ctx.font = `600 10.5px ${p.fontFamily}`;
  ctx.textBaseline = 'bottom';
  for (const o of marks.orders) {
    const row = layout.workerRows.get(o.worker);
    if (!row) continue;
    const x = scale.x(o.at);
    if (x < scale.left - 10 || x > scale.right + 10) continue;
    const y = laneCenter(row);
    ctx.lineWidth = 2;
    ctx.setLineDash([3, 2]);
    ctx.beginPath();
    ctx.arc(x, y, BAR_HEIGHT / 2 + 2, 0, Math.PI * 2);
    ctx.stroke();
    ctx.setLineDash([]);
    const w = ctx.measureText(o.label).width;
    const lx = Math.min(Math.max(x - w / 2, scale.left + 2), scale.right - w - 2);
    ctx.fillStyle = p.background;
    ctx.fillRect(lx - 2, row.top - 1, w + 4, 12);
    ctx.fillStyle = p.problem;
    ctx.fillText(o.label, lx, row.top + 10);
  }
  ctx.restore();
}

function curve(ctx: CanvasRenderingContext2D, x: number, y0: number, y1: number): void {
  const bulge = Math.min(18, Math.abs(y1 - y0) / 3);
  ctx.beginPath();
  ctx.moveTo(x, y0);
  ctx.bezierCurveTo(x + bulge, y0 + (y1 - y0) / 3, x + bulge, y0 + ((y1 - y0) * 2) / 3, x, y1);
  ctx.stroke();
}

function arrowHead(ctx: CanvasRenderingContext2D, x: number, y: number, dir: number): void {
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - 4.5, y - dir * 8);
  ctx.lineTo(x + 4.5, y - dir * 8);
  ctx.closePath();
  ctx.fill();
}
