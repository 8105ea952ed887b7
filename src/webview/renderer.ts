/**
 * Paints one frame of the timeline: axis, worker lanes with their state bars, the Event
 * tracks and the overlays (output markers, wake arrows, "now"). Stateless apart from the
 * canvas; the caller decides when a frame is needed.
 */
import type { StateInterval } from '../model/runModel';
import { contrastingText, fitText } from './canvasText';
import { barLabel } from './describe';
import type { Hit } from './hitTest';
import { firstIntervalFrom, intervalEnd } from './intervals';
import { AXIS_HEIGHT, BAR_HEIGHT, GUTTER_WIDTH, type Layout, type WorkerRow } from './layout';
import type { ModelIndex } from './modelIndex';
import { drawEventTrack, drawNowLine, drawOutputMarks } from './overlays';
import type { Palette } from './theme';
import { formatTick, niceTicks, type TimeScale } from './timeScale';
import { drawWakes } from './wakeArrows';

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
    for (const row of frame.layout.rows) {
      if (row.kind === 'worker') this.drawLane(frame, row);
      else drawEventTrack(ctx, frame, row);
    }
    if (frame.layout.rows.length === 0 && frame.emptyMessage) this.drawEmptyMessage(frame, frame.emptyMessage);
    drawOutputMarks(ctx, frame);
    drawWakes(ctx, frame);
    if (frame.live) drawNowLine(ctx, frame);
    ctx.restore();

    this.drawGutter(frame);
    this.drawAxis(frame, ticks.values, ticks.step);
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

  private drawLane(frame: Frame, row: WorkerRow): void {
    const { ctx } = this;
    const { scale, now, palette: p } = frame;
    const states = row.worker.states;
    const top = row.top + (row.height - BAR_HEIGHT) / 2;
    ctx.font = `11px ${p.fontFamily}`;
    ctx.textBaseline = 'middle';
    // Intervals are contiguous and sorted: start at the one covering the left edge.
    for (let i = firstIntervalFrom(states, scale.window.start); i < states.length; i++) {
      const interval = states[i] as StateInterval;
      if (interval.from > scale.window.end) break;
      const x0 = scale.x(interval.from);
      const x1 = scale.x(intervalEnd(interval, now));
      const colour = p.state[interval.state];
      if (interval.state === 'done') {
        // After exit the lane is quiet: a hairline says "ended" without competing with bars.
        ctx.fillStyle = colour;
        ctx.globalAlpha = 0.5;
        ctx.fillRect(x0, row.top + row.height / 2 - 0.5, Math.max(1, x1 - x0), 1);
        ctx.globalAlpha = 1;
        continue;
      }
      const h = interval.state === 'failed' ? BAR_HEIGHT / 2 : BAR_HEIGHT;
      const y = top + (BAR_HEIGHT - h) / 2;
      // A one-pixel gap keeps neighbouring bars of similar colour apart.
      const w = Math.max(1, x1 - x0 - (x1 - x0 > 4 ? 1 : 0));
      ctx.fillStyle = colour;
      ctx.fillRect(x0, y, w, h);
      // Hatching tells blocked from waiting where the theme's orange and yellow are close.
      if (interval.state === 'blocked' && w > 3) this.hatch(x0, y, w, h, p.background);
      if (p.contrastBorder && w > 3) {
        ctx.strokeStyle = p.contrastBorder;
        ctx.lineWidth = 1;
        ctx.strokeRect(x0 + 0.5, y + 0.5, w - 1, h - 1);
      }
      this.drawBarLabel(frame, interval, x0, w, y + h / 2, colour);
    }
    const hover = frame.hover;
    if (hover?.kind === 'interval' && hover.row.worker === row.worker) {
      const x0 = scale.x(hover.interval.from);
      const x1 = scale.x(intervalEnd(hover.interval, now));
      ctx.strokeStyle = p.focus;
      ctx.lineWidth = 2;
      ctx.strokeRect(x0 - 1, top - 1, Math.max(2, x1 - x0) + 2, BAR_HEIGHT + 2);
    }
  }

  private hatch(x: number, y: number, w: number, h: number, colour: string): void {
    const { ctx } = this;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.strokeStyle = colour;
    ctx.globalAlpha = 0.3;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let sx = x - h; sx < x + w; sx += 6) {
      ctx.moveTo(sx, y + h);
      ctx.lineTo(sx + h, y);
    }
    ctx.stroke();
    ctx.restore();
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
      const mid = row.top + row.height / 2;
      if (row.kind === 'worker') {
        const state = frame.index.model.currentState(row.worker).state;
        ctx.fillStyle = p.state[state];
        ctx.beginPath();
        ctx.arc(14, mid, 4, 0, Math.PI * 2);
        ctx.fill();
        ctx.font = `${row.worker.role === 'main' ? '600 ' : ''}12px ${p.fontFamily}`;
        ctx.fillStyle = p.foreground;
        const name = fitText(ctx, row.worker.name, GUTTER_WIDTH - 34);
        if (name) ctx.fillText(name, 26, mid);
      } else {
        ctx.font = `12px ${p.fontFamily}`;
        ctx.fillStyle = p.eventSet;
        ctx.fillRect(10, mid - 4, 8, 8);
        ctx.fillStyle = p.foreground;
        const name = fitText(ctx, row.primitive.name, GUTTER_WIDTH - 34);
        if (name) ctx.fillText(name, 26, mid);
      }
    }
    const section = frame.layout.eventSectionTop;
    if (section !== undefined) {
      ctx.font = `600 10px ${p.fontFamily}`;
      ctx.fillStyle = p.muted;
      ctx.fillText('EVENTS', 10, section + 11);
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
