/**
 * Owns the canvas: turns the session's model plus the viewport into frames, redrawing at
 * most once per animation frame and only when something changed (data, size, theme, view).
 */
import type { Hit } from './hitTest';
import { hitTest } from './hitTest';
import { GUTTER_WIDTH, layoutRows, type Layout } from './layout';
import { ModelIndex } from './modelIndex';
import type { PanelSession } from './panelSession';
import { NO_PROBLEMS, problemMarks, type ProblemMarks } from './problemOverlay';
import { TimelineRenderer } from './renderer';
import { readPalette, type Palette } from './theme';
import { TimeScale } from './timeScale';
import type { Viewport } from './viewport';

const RIGHT_PAD = 12;

export class TimelineView {
  private readonly renderer: TimelineRenderer;
  private index: ModelIndex;
  private generation: number;
  private layout: Layout;
  private palette: Palette;
  private hover: Hit | undefined;
  private selected: number | undefined;
  private width = 0;
  private frameRequested = false;
  private cursorAt: number | undefined;
  private problems: ProblemMarks = NO_PROBLEMS;
  private problemsKey = '';
  /** Wall-clock paint time of the last frame, for the frame-time benchmark. */
  lastPaintMs = 0;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly box: HTMLElement,
    private readonly session: PanelSession,
    readonly viewport: Viewport,
    /** Called after each painted frame, to update DOM that mirrors the model. */
    private readonly afterFrame: () => void,
  ) {
    this.renderer = new TimelineRenderer(canvas);
    this.index = new ModelIndex(session.model);
    this.generation = session.generation;
    this.layout = layoutRows(this.index);
    this.palette = readPalette(canvas);
    this.resizeObserver = new ResizeObserver(() => this.invalidate());
    this.resizeObserver.observe(box);
    // Rows scrolled out of view are not painted: scrolling must paint them.
    box.addEventListener('scroll', () => this.invalidate(), { passive: true });
  }

  /** Something changed: paint on the next animation frame (once, however many calls). */
  invalidate(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.paint();
    });
  }

  refreshPalette(): void {
    this.palette = readPalette(this.canvas);
    this.invalidate();
  }

  get modelIndex(): ModelIndex {
    this.syncModel();
    return this.index;
  }

  get selectedOutput(): number | undefined {
    return this.selected;
  }

  scale(): TimeScale {
    const width = Math.max(0, this.width - GUTTER_WIDTH - RIGHT_PAD);
    return new TimeScale(this.viewport.window(this.session.now, this.session.live), GUTTER_WIDTH, width);
  }

  hitAt(x: number, y: number): Hit | undefined {
    this.syncModel();
    return hitTest(x, y, this.layout, this.scale(), this.index, this.session.now);
  }

  setHover(hit: Hit | undefined): void {
    if (sameHit(hit, this.hover)) return;
    this.hover = hit;
    this.invalidate();
  }

  get hovered(): Hit | undefined {
    return this.hover;
  }

  select(outputIndex: number | undefined): void {
    this.selected = outputIndex;
    this.invalidate();
  }

  /** The pinned time cursor (ms since run start), or undefined. */
  get cursor(): number | undefined {
    return this.cursorAt;
  }

  setCursor(t: number | undefined): void {
    this.cursorAt = t === undefined ? undefined : Math.max(0, Math.min(t, this.session.now));
    this.invalidate();
  }

  get layoutNow(): Layout {
    return this.layout;
  }

  dispose(): void {
    this.resizeObserver.disconnect();
  }

  private syncModel(): void {
    if (this.generation === this.session.generation) return;
    // A fresh snapshot is a fresh model: anything pointing into the old one is stale.
    this.generation = this.session.generation;
    this.index = new ModelIndex(this.session.model);
    this.hover = undefined;
    this.selected = undefined;
    this.cursorAt = undefined;
    this.problemsKey = '';
  }

  private problemMarks(): ProblemMarks {
    const model = this.session.model;
    const key = model.problems.size === 0 ? '' : [...model.problems.values()].map((p) => `${p.id}@${p.detectedAt}`).join('|');
    if (key !== this.problemsKey) {
      this.problemsKey = key;
      this.problems = problemMarks(model);
    }
    return this.problems;
  }

  private paint(): void {
    const started = performance.now();
    this.syncModel();
    this.width = this.box.clientWidth;
    this.layout = layoutRows(this.index);
    if (this.width > 0) {
      this.renderer.draw({
        index: this.index,
        layout: this.layout,
        scale: this.scale(),
        now: this.session.now,
        live: this.session.live,
        palette: this.palette,
        hover: this.hover,
        selectedOutput: this.selected,
        width: this.width,
        height: this.layout.height,
        emptyMessage: this.session.run ? 'Waiting for the first worker…' : 'No run yet. Run a program with Threadline to see its workers here.',
        cursor: this.cursorAt,
        visibleTop: this.box.scrollTop,
        visibleBottom: this.box.scrollTop + (this.box.clientHeight || this.layout.height),
        problems: this.problemMarks(),
      });
    }
    this.lastPaintMs = performance.now() - started;
    this.afterFrame();
  }
}

function sameHit(a: Hit | undefined, b: Hit | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'interval':
      return b.kind === 'interval' && a.interval === b.interval;
    case 'output':
      return b.kind === 'output' && a.outputIndex === b.outputIndex;
    case 'op':
      return b.kind === 'op' && a.mark === b.mark;
    case 'span':
      return b.kind === 'span' && a.span === b.span;
    case 'task':
      return b.kind === 'task' && a.task === b.task;
  }
}
