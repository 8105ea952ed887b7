/**
 * The program's output as a list under the timeline. Lines are appended incrementally and
 * written only with textContent: this text comes from the user's program and is untrusted.
 */
import type { RunModel } from '../model/runModel';
import { displayText } from './displayText';
import { ATTR } from './domIds';
import { formatMs } from './timeScale';

export class OutputLog {
  private rendered = 0;
  private generation = -1;
  private selected: HTMLElement | undefined;

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
  }

  /** Brings the list up to date with the model (cheap when nothing was added). */
  sync(model: RunModel, generation: number): void {
    if (generation !== this.generation) {
      this.generation = generation;
      this.rendered = 0;
      this.selected = undefined;
      this.list.replaceChildren();
    }
    const output = model.output;
    if (this.rendered === output.length) return;
    // Stick to the bottom while the user has not scrolled up to read.
    const scroller = this.list;
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 4;
    const fragment = document.createDocumentFragment();
    for (; this.rendered < output.length; this.rendered++) {
      const line = output[this.rendered];
      if (!line) continue;
      const worker = model.workers.get(line.worker)?.name ?? `worker ${line.worker}`;
      fragment.append(this.renderLine(this.rendered, worker, line.at, line.text, line.stream === 'stderr'));
    }
    this.list.append(fragment);
    this.count.textContent = `(${output.length})`;
    if (atBottom) scroller.scrollTop = scroller.scrollHeight;
  }

  select(index: number | undefined, scrollIntoView: boolean): void {
    this.selected?.removeAttribute(ATTR.selected);
    this.selected?.querySelector('button')?.removeAttribute('aria-current');
    this.selected = index === undefined ? undefined : (this.list.children[index] as HTMLElement | undefined);
    if (!this.selected) return;
    this.selected.setAttribute(ATTR.selected, 'true');
    this.selected.querySelector('button')?.setAttribute('aria-current', 'true');
    if (scrollIntoView) this.selected.scrollIntoView({ block: 'nearest' });
  }

  private renderLine(index: number, worker: string, at: number, text: string, stderr: boolean): HTMLLIElement {
    const item = document.createElement('li');
    item.setAttribute(ATTR.outputIndex, String(index));
    if (stderr) item.classList.add('tl-stderr');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tl-output-line';
    button.title = 'Show on the timeline';
    const time = document.createElement('span');
    time.className = 'tl-output-time';
    time.textContent = formatMs(at);
    const name = document.createElement('span');
    name.className = 'tl-output-worker';
    name.textContent = worker;
    const body = document.createElement('span');
    body.className = 'tl-output-text';
    body.textContent = displayText(text);
    button.append(time, name, body);
    item.append(button);
    return item;
  }
}
