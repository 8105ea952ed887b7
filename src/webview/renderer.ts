/**
 * Paints one frame of the timeline: axis, worker lanes with their state bars, the Event
 * tracks and the overlays (output markers, wake arrows, "now"). Stateless apart from the
 * canvas; the caller decides when a frame is needed.
 */
import { endedBySignal, type StateInterval } from '../model/runModel';
import { contrastingText, fitName, fitText } from './canvasText';
import { drawCursor, drawCursorTag } from './cursorLine';
import { barLabel, isPoolIdle, kindWord } from './describe';
import type { Hit } from './hitTest';
import { intervalEnd } from './intervals';
import { AXIS_HEIGHT, BAR_HEIGHT, barTop, GUTTER_WIDTH, LANE_HEIGHT, laneCenter, type Layout } from './layout';
import { laneRuns } from './lod';
import type { ModelIndex } from './modelIndex';
import { drawNowLine, drawOutputMarks } from './overlays';
import { drawProblems, type ProblemMarks } from './problemOverlay';
import { drawTasks } from './taskSpans';
import type { Palette } from './theme';
import { formatTick, niceTicks, type TimeScale } from './timeScale';
import { drawTrack } from './trackDraw';
import { drawWakes } from './wakeArrows';

/** Intervals narrower than this many pixels are merged into per-column fills. */
export const LOD_MIN_PX = 2;

export interface Frame {
  readonly index: ModelIndex;
  readonly layout: Layout;
  readonly scale: TimeScale;
  readonly now: number;
  readonly live: boolean;
  readonly palette: Palette;
  readonly hover: Hit | undefined;
  readonly selectedOutput: number | undefined;
  readonly width: number;
  readonly height: number;
  /** Shown in the plot when there are no lanes yet. */
  readonly emptyMessage: string | undefined;
  /** The pinned time cursor, if any. */
  readonly cursor: number | undefined;
  /** Deadlocks, hangs and potential deadlocks to highlight. */
  readonly problems: ProblemMarks;
  /** The rows scrolled into view (canvas y); rows outside are not drawn. */
  readonly visibleTop: number;
  readonly visibleBottom: number;
}

export class TimelineRenderer {
  private readonly ctx: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('Threadline: canvas 2D is not available');
    this.ctx = ctx;
  }

  draw(frame: Frame): void {
    const { ctx } = this;
    this.resize(frame.width, frame.height);
    const { palette: p, scale } = frame;
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, frame.width, frame.height);
    this.drawStripes(frame, frame.width);
    const ticks = niceTicks(scale.window, scale.width);

    ctx.save();
    ctx.beginPath();
    ctx.rect(scale.left, AXIS_HEIGHT, scale.width, frame.height - AXIS_HEIGHT);
    ctx.clip();
    this.drawGrid(frame, ticks.values);
    this.drawLanes(frame);
    for (const row of frame.layout.rows) {
      if (row.kind === 'event' && row.top <= frame.visibleBottom && row.top + row.height >= frame.visibleTop) drawTrack(ctx, frame, row);
    }
    if (frame.layout.rows.length === 0 && frame.emptyMessage) this.drawEmptyMessage(frame, frame.emptyMessage);
    drawOutputMarks(ctx, frame);
    drawWakes(ctx, frame);
    drawProblems(ctx, frame);
    if (frame.live) drawNowLine(ctx, frame);
    if (frame.cursor !== undefined) drawCursor(ctx, frame, frame.cursor);
    ctx.restore();

    this.drawGutter(frame);
    this.drawAxis(frame, ticks.values, ticks.step);
    if (frame.cursor !== undefined) drawCursorTag(ctx, frame, frame.cursor);
  }

  private resize(width: number, height: number): void {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      // CSSOM, not a style attribute: allowed by the CSP's style-src.
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  private drawGrid(frame: Frame, ticks: readonly number[]): void {
    const { ctx } = this;
    ctx.strokeStyle = frame.palette.grid;
    ctx.lineWidth = 1;
    // High-contrast borders are loud; at full strength the grid would compete with the bars.
    if (frame.palette.highContrast) ctx.globalAlpha = 0.45;
    ctx.beginPath();
    for (const t of ticks) {
      const x = Math.round(frame.scale.x(t)) + 0.5;
      ctx.moveTo(x, AXIS_HEIGHT);
      ctx.lineTo(x, frame.height);
    }
    if (frame.palette.highContrast) {
      // No stripes in high contrast: separate lanes with lines instead.
      for (const row of frame.layout.rows) {
        const y = Math.round(row.top + row.height) + 0.5;
        ctx.moveTo(0, y);
        ctx.lineTo(frame.width, y);
      }
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  /**
   * Worker lanes in three passes, so that the canvas changes colour a handful of times per
   * frame instead of once per bar: every fill batched by colour, then the blocked hatching
   * as one pattern fill, then the labels. Rows scrolled out of view are skipped.
   */
  private drawLanes(frame: Frame): void {
    const { ctx } = this;
    const { scale, now, palette: p } = frame;
    // Rects by opacity (1, merged 0.8, hairline 0.5), then by colour.
    const fills: Map<string, number[]>[] = [new Map(), new Map(), new Map(), new Map()];
    // Layers: exact bars, merged runs, quiet lines, and time that is not the program's work (a
    // thread starting, a pool worker idle), faint.
    const ALPHA = [1, 0.8, 0.5, 0.35];
    const hatched: number[] = [];
    const outlined: number[] = [];
    const labels: { interval: StateInterval; x0: number; w: number; midY: number; colour: string }[] = [];
    const add = (layer: number, colour: string, x: number, y: number, w: number, h: number): void => {
      const byColour = fills[layer] as Map<string, number[]>;
      const list = byColour.get(colour);
      if (list) list.push(x, y, w, h);
      else byColour.set(colour, [x, y, w, h]);
    };
    for (const row of frame.layout.rows) {
      if (row.kind !== 'worker' || row.top > frame.visibleBottom || row.top + row.height < frame.visibleTop) continue;
      const top = barTop(row);
      // Level of detail: sub-pixel intervals arrive merged, one fill per pixel column.
      for (const run of laneRuns(row.worker.states, scale.window, scale.msPerPx, now, LOD_MIN_PX)) {
        const x0 = scale.x(run.from);
        const x1 = scale.x(run.to);
        const colour = p.state[run.state];
        if (run.state === 'done' || (run.state === 'failed' && endedBySignal(row.worker))) {
          // After exit the lane is quiet: a hairline says "ended" without competing with bars.
          add(2, p.state.done, x0, row.top + LANE_HEIGHT / 2 - 0.5, Math.max(1, x1 - x0), 1);
          continue;
        }
        const h = run.state === 'failed' ? BAR_HEIGHT / 2 : BAR_HEIGHT;
        const y = top + (BAR_HEIGHT - h) / 2;
        if (!run.interval) {
          // A merged fill: the dominant state, a little see-through so it reads as "many".
          add(1, colour, Math.floor(x0), y, Math.max(1, Math.round(x1 - Math.floor(x0))), h);
          continue;
        }
        // A one-pixel gap keeps neighbouring bars of similar colour apart.
        const w = Math.max(1, x1 - x0 - (x1 - x0 > 4 ? 1 : 0));
        add(run.state === 'starting' || isPoolIdle(run.interval, frame.index.model) ? 3 : 0, colour, x0, y, w, h);
        // Hatching tells blocked from waiting where the theme's orange and yellow are close.
        if (run.state === 'blocked' && w > 3) hatched.push(x0, y, w, h);
        if (p.contrastBorder && w > 3) outlined.push(x0, y, w, h);
        if (w > 24) labels.push({ interval: run.interval, x0, w, midY: y + h / 2, colour });
      }
    }
    // fillRect, not one big path: Skia fast-paths rectangles, a path of thousands is slow.
    fills.forEach((byColour, layer) => {
      ctx.globalAlpha = ALPHA[layer] as number;
      for (const [colour, rects] of byColour) {
        ctx.fillStyle = colour;
        for (let i = 0; i < rects.length; i += 4) ctx.fillRect(rects[i] as number, rects[i + 1] as number, rects[i + 2] as number, rects[i + 3] as number);
      }
    });
    ctx.globalAlpha = 1;
    if (hatched.length) {
      ctx.fillStyle = this.hatchPattern(p.background);
      ctx.beginPath();
      for (let i = 0; i < hatched.length; i += 4) ctx.rect(hatched[i] as number, hatched[i + 1] as number, hatched[i + 2] as number, hatched[i + 3] as number);
      ctx.fill();
    }
    if (outlined.length && p.contrastBorder) {
      ctx.strokeStyle = p.contrastBorder;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i < outlined.length; i += 4) ctx.rect((outlined[i] as number) + 0.5, (outlined[i + 1] as number) + 0.5, (outlined[i + 2] as number) - 1, (outlined[i + 3] as number) - 1);
      ctx.stroke();
    }
    ctx.font = `11px ${p.fontFamily}`;
    ctx.textBaseline = 'middle';
    for (const l of labels) this.drawBarLabel(frame, l.interval, l.x0, l.w, l.midY, l.colour);
    for (const row of frame.layout.rows) {
      if (row.kind === 'worker' && row.taskTop !== undefined && row.top <= frame.visibleBottom && row.top + row.height >= frame.visibleTop) drawTasks(ctx, frame, row);
    }
    const hover = frame.hover;
    if (hover?.kind === 'interval') {
      const x0 = scale.x(hover.interval.from);
      const x1 = scale.x(intervalEnd(hover.interval, now));
      ctx.strokeStyle = p.focus;
      ctx.lineWidth = 2;
      ctx.strokeRect(x0 - 1, barTop(hover.row) - 1, Math.max(2, x1 - x0) + 2, BAR_HEIGHT + 2);
    }
  }

  private pattern: { colour: string; pattern: CanvasPattern } | undefined;

  /** Diagonal stripes in the background colour, made once per theme. */
  private hatchPattern(colour: string): CanvasPattern | string {
    if (this.pattern?.colour === colour) return this.pattern.pattern;
    const tile = document.createElement('canvas');
    tile.width = 6;
    tile.height = 6;
    const t = tile.getContext('2d');
    if (!t) return 'transparent';
    t.strokeStyle = colour;
    t.globalAlpha = 0.3;
    t.lineWidth = 1.5;
    t.beginPath();
    for (const o of [-6, 0, 6]) {
      t.moveTo(o, 6);
      t.lineTo(o + 6, 0);
    }
    t.stroke();
    const pattern = this.ctx.createPattern(tile, 'repeat');
    if (!pattern) return 'transparent';
    this.pattern = { colour, pattern };
    return pattern;
  }

  private drawEmptyMessage(frame: Frame, message: string): void {
    const { ctx } = this;
    ctx.font = `12px ${frame.palette.fontFamily}`;
    ctx.fillStyle = frame.palette.muted;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    ctx.fillText(message, frame.scale.left + frame.scale.width / 2, (AXIS_HEIGHT + frame.height) / 2);
    ctx.textAlign = 'start';
  }

  private drawBarLabel(frame: Frame, interval: StateInterval, x0: number, w: number, midY: number, colour: string): void {
    const label = barLabel(interval, frame.index.model);
    if (!label) return;
    // Sticky: a bar that starts off-screen keeps its label at the plot's left edge.
    const left = Math.max(x0, frame.scale.left) + 4;
    const right = Math.min(x0 + w, frame.scale.right) - 4;
    const text = fitText(this.ctx, label, right - left);
    if (!text) return;
    this.ctx.fillStyle = contrastingText(this.ctx, colour, frame.palette.background, frame.palette.foreground);
    this.ctx.fillText(text, left, midY + 0.5);
  }

  private drawGutter(frame: Frame): void {
    const { ctx } = this;
    const p = frame.palette;
    ctx.fillStyle = p.background;
    ctx.fillRect(0, AXIS_HEIGHT, GUTTER_WIDTH, frame.height - AXIS_HEIGHT);
    this.drawStripes(frame, GUTTER_WIDTH);
    ctx.strokeStyle = p.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(GUTTER_WIDTH - 0.5, 0);
    ctx.lineTo(GUTTER_WIDTH - 0.5, frame.height);
    ctx.stroke();
    ctx.textBaseline = 'middle';
    for (const row of frame.layout.rows) {
      const mid = laneCenter(row);
      if (row.kind === 'worker') {
        const state = frame.index.model.currentState(row.worker).state;
        ctx.fillStyle = state === 'failed' && endedBySignal(row.worker) ? p.state.done : p.state[state];
        ctx.beginPath();
        ctx.arc(14, mid, 4, 0, Math.PI * 2);
        ctx.fill();
        ctx.font = `${row.worker.role === 'main' ? '600 ' : ''}12px ${p.fontFamily}`;
        ctx.fillStyle = p.foreground;
        const name = fitName(ctx, row.worker.name, GUTTER_WIDTH - 34);
        if (name) ctx.fillText(name, 26, mid);
      } else {
        ctx.font = `12px ${p.fontFamily}`;
        ctx.fillStyle = p.track[row.track.shape ?? 'flag'];
        ctx.fillRect(10, mid - 4, 8, 8);
        ctx.fillStyle = p.foreground;
        const name = fitName(ctx, row.primitive.name, GUTTER_WIDTH - 34);
        if (name) {
          ctx.fillText(name, 26, mid - 1);
          // The kind in small muted text after the name, when it fits ("a  Lock").
          const kind = kindWord(row.primitive.kind);
          const nameW = ctx.measureText(name).width;
          ctx.font = `10px ${p.fontFamily}`;
          if (26 + nameW + 6 + ctx.measureText(kind).width < GUTTER_WIDTH - 6) {
            ctx.fillStyle = p.muted;
            ctx.fillText(kind, 26 + nameW + 6, mid);
          }
        }
      }
    }
    const section = frame.layout.eventSectionTop;
    if (section !== undefined) {
      ctx.font = `600 10px ${p.fontFamily}`;
      ctx.fillStyle = p.muted;
      ctx.fillText('PRIMITIVES', 10, section + 11);
      ctx.strokeStyle = p.grid;
      ctx.beginPath();
      ctx.moveTo(0, Math.round(section) + 0.5);
      ctx.lineTo(frame.width, Math.round(section) + 0.5);
      ctx.stroke();
    }
  }

  private drawStripes(frame: Frame, width: number): void {
    const { ctx } = this;
    ctx.fillStyle = frame.palette.laneStripe;
    frame.layout.rows.forEach((row, i) => {
      if (i % 2 === 1) ctx.fillRect(0, row.top, width, row.height);
    });
  }

  private drawAxis(frame: Frame, ticks: readonly number[], step: number): void {
    const { ctx } = this;
    const p = frame.palette;
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, frame.width, AXIS_HEIGHT);
    ctx.strokeStyle = p.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, AXIS_HEIGHT - 0.5);
    ctx.lineTo(frame.width, AXIS_HEIGHT - 0.5);
    ctx.stroke();
    ctx.font = `11px ${p.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.fillStyle = p.muted;
    ctx.strokeStyle = p.muted;
    ctx.beginPath();
    for (const t of ticks) {
      const x = Math.round(frame.scale.x(t)) + 0.5;
      if (x < frame.scale.left - 0.5) continue;
      ctx.moveTo(x, AXIS_HEIGHT - 6);
      ctx.lineTo(x, AXIS_HEIGHT);
      const label = formatTick(t, step);
      if (x + 4 + ctx.measureText(label).width < frame.width) ctx.fillText(label, x + 4, AXIS_HEIGHT / 2 - 1);
    }
    ctx.stroke();
    ctx.font = `600 11px ${p.fontFamily}`;
    ctx.fillStyle = p.muted;
    ctx.fillText(frame.live ? 'LIVE' : 'TIME', 10, AXIS_HEIGHT / 2 - 1);
  }
}
