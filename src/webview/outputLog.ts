/**
 * The program's output as a list under the timeline, written only with textContent: this text
 * comes from the user's program and is untrusted.
 *
 * Virtual: only the rows in view (plus a margin) exist in the DOM, each one text line high, and
 * the list's padding stands in for the rest. A program that prints 100 k lines costs the panel
 * what a screenful costs. A row shows its text on one line, cut for display; the whole text
 * (up to a bound) is in its tooltip and always in the report and the trace.
 */
import type { OutputLine, RunModel } from '../model/runModel';
import { baseName } from './describe';
import { displayText } from './displayText';
import { ATTR } from './domIds';
import { formatMs } from './timeScale';

/** Rows rendered beyond each edge of the view, so a small scroll shows rows already there. */
const OVERSCAN_ROWS = 20;
/** Used until a rendered row can be measured. */
const ASSUMED_ROW_PX = 20;
const MAX_TOOLTIP_CHARS = 4000;
const BOTTOM_PADDING_PX = 6;

export class OutputLog {
  private generation = -1;
  private model: RunModel | undefined;
  private shownLength = 0;
  private selectedIndex: number | undefined;
  private rowPx = ASSUMED_ROW_PX;
  private rowMeasured = false;
  private rendered = { first: -1, last: -1 };
  // Kept from scroll and resize events: reading them from the list would force a layout on
  // every update of a live run.
  private scrollPos = 0;
  private viewHeight = 0;

  constructor(
    private readonly list: HTMLOListElement,
    private readonly count: HTMLElement,
    onSelect: (index: number) => void,
  ) {
    list.addEventListener('click', (event) => {
      const item = (event.target as Element | null)?.closest(`[${ATTR.outputIndex}]`);
      const index = Number(item?.getAttribute(ATTR.outputIndex));
      if (item && Number.isInteger(index)) onSelect(index);
    });
    list.addEventListener(
      'scroll',
      () => {
        this.scrollPos = list.scrollTop;
        this.renderWindow(false);
      },
      { passive: true },
    );
    new ResizeObserver(([entry]) => {
      this.viewHeight = entry?.contentRect.height ?? 0;
      this.rowMeasured = false;
      this.renderWindow(true);
    }).observe(list);
  }

  /** Brings the list up to date with the model (cheap when nothing was added). */
  sync(model: RunModel, generation: number): void {
    this.model = model;
    if (generation !== this.generation) {
      this.generation = generation;
      this.shownLength = 0;
      this.selectedIndex = undefined;
      this.scrollTo(0);
    }
    const length = model.output.length;
    if (length === this.shownLength && this.rendered.first >= 0) return;
    // Stick to the bottom while the user has not scrolled up to read.
    const atBottom = this.scrollPos >= this.shownLength * this.rowPx - this.viewHeight - this.rowPx;
    this.shownLength = length;
    this.count.textContent = `(${length})`;
    if (atBottom) this.scrollTo(Math.max(0, length * this.rowPx - this.viewHeight));
    else this.renderWindow(true);
  }

  select(index: number | undefined, scrollIntoView: boolean): void {
    this.selectedIndex = index;
    if (index !== undefined && scrollIntoView) {
      const top = index * this.rowPx;
      if (top < this.scrollPos) return this.scrollTo(top);
      if (top + this.rowPx > this.scrollPos + this.viewHeight) return this.scrollTo(top + this.rowPx - this.viewHeight);
    }
    this.renderWindow(true);
  }

  /** Renders the rows for a scroll position first, so the list is tall enough to take it. */
  private scrollTo(scrollTop: number): void {
    this.scrollPos = scrollTop;
    this.renderWindow(true);
    this.list.scrollTop = scrollTop;
  }

  private renderWindow(force: boolean): void {
    const scrollTop = this.scrollPos;
    const output = this.model?.output;
    if (!output) return;
    const total = output.length;
    const viewRows = Math.ceil(Math.max(this.viewHeight, ASSUMED_ROW_PX) / this.rowPx);
    const first = Math.max(0, Math.min(total, Math.floor(scrollTop / this.rowPx)) - OVERSCAN_ROWS);
    const last = Math.min(total, first + viewRows + 2 * OVERSCAN_ROWS);
    if (!force && first === this.rendered.first && last === this.rendered.last) return;
    this.rendered = { first, last };
    const focusedIndex = this.focusedIndex();
    const fragment = document.createDocumentFragment();
    for (let index = first; index < last; index++) {
      const line = output[index]!;
      const worker = this.model!.workers.get(line.worker)?.name ?? `worker ${line.worker}`;
      fragment.append(this.renderLine(index, total, worker, line));
    }
    this.list.replaceChildren(fragment);
    this.list.style.paddingTop = `${first * this.rowPx}px`;
    this.list.style.paddingBottom = `${(total - last) * this.rowPx + BOTTOM_PADDING_PX}px`;
    // Rows are rebuilt, not moved: a keyboard user keeps focus on the same line.
    if (focusedIndex !== undefined) this.buttonFor(focusedIndex)?.focus({ preventScroll: true });
    if (!this.rowMeasured) this.measureRow();
  }

  /**
   * Takes the real row height from the first row laid out (once: reading a size forces a
   * layout). A font change re-measures through the resize observer.
   */
  private measureRow(): void {
    const height = (this.list.firstElementChild as HTMLElement | null)?.getBoundingClientRect().height ?? 0;
    if (height <= 0) return;
    this.rowMeasured = true;
    if (Math.abs(height - this.rowPx) > 0.5) {
      this.rowPx = height;
      this.renderWindow(true);
    }
  }

  private focusedIndex(): number | undefined {
    const active = document.activeElement;
    if (!active || !this.list.contains(active)) return undefined;
    const index = Number(active.closest(`[${ATTR.outputIndex}]`)?.getAttribute(ATTR.outputIndex));
    return Number.isInteger(index) ? index : undefined;
  }

  private buttonFor(index: number): HTMLButtonElement | null {
    return this.list.querySelector(`[${ATTR.outputIndex}="${index}"] button`);
  }

  private renderLine(index: number, total: number, worker: string, line: OutputLine): HTMLLIElement {
    const { at, text, site } = line;
    const stderr = line.stream === 'stderr';
    const item = document.createElement('li');
    item.setAttribute(ATTR.outputIndex, String(index));
    item.setAttribute('aria-posinset', String(index + 1));
    item.setAttribute('aria-setsize', String(total));
    if (stderr) item.classList.add('tl-stderr');
    const selected = index === this.selectedIndex;
    if (selected) item.setAttribute(ATTR.selected, 'true');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tl-output-line';
    if (selected) button.setAttribute('aria-current', 'true');
    const { shown, cut } = rowText(text);
    const action = site ? `Show on the timeline and open ${baseName(site.file)}:${site.line}` : 'Show on the timeline';
    button.title = cut ? `${displayText(text, MAX_TOOLTIP_CHARS)}\n\n${action}` : action;
    const time = document.createElement('span');
    time.className = 'tl-output-time';
    time.textContent = formatMs(at);
    const name = document.createElement('span');
    name.className = 'tl-output-worker';
    name.textContent = worker;
    const body = document.createElement('span');
    body.className = 'tl-output-text';
    body.textContent = shown;
    button.append(time, name, body);
    item.append(button);
    return item;
  }
}

/**
 * A row's text: the output as displayText shows it (no escape codes, cut for display), its
 * lines joined by a return mark so a traceback's row shows its error; the row cuts again at
 * its width.
 */
export function rowText(text: string): { readonly shown: string; readonly cut: boolean } {
  const shown = displayText(text.replace(/\n+$/, '')).split('\n').join(' ↵ ');
  return { shown, cut: shown !== text };
}
