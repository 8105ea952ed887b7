/**
 * The time cursor's side panel: every worker's state and every primitive's state at the pinned
 * instant, as text (names come from the program: textContent only). Re-rendered only when the
 * instant or the model changed.
 */
import { ATTR, ID } from './domIds';
import { byId } from './header';
import type { ModelIndex } from './modelIndex';
import type { PanelSession } from './panelSession';
import { primitivesAt, workersAt } from './stateAt';
import { formatMs } from './timeScale';

export class CursorPanel {
  private readonly root: HTMLElement;
  private readonly time: HTMLElement;
  private readonly workers: HTMLElement;
  private readonly primitives: HTMLElement;
  private lastKey = '';

  constructor(doc: Document, onClose: () => void) {
    this.root = byId(doc, ID.cursorPanel);
    this.time = byId(doc, ID.cursorTime);
    this.workers = byId(doc, ID.cursorWorkers);
    this.primitives = byId(doc, ID.cursorPrimitives);
    byId(doc, ID.cursorClose).addEventListener('click', onClose);
  }

  update(session: PanelSession, index: ModelIndex, t: number | undefined): void {
    const model = session.model;
    const key = t === undefined ? '' : `${session.generation}:${model.eventCount}:${t}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    if (t === undefined) {
      this.root.hidden = true;
      this.root.removeAttribute(ATTR.cursorMs);
      return;
    }
    const now = session.now;
    this.root.hidden = false;
    this.root.setAttribute(ATTR.cursorMs, t.toFixed(3));
    this.time.textContent = `At ${formatMs(t)}`;
    this.workers.replaceChildren(
      ...workersAt(model, t, now).map((w) => {
        const li = document.createElement('li');
        li.setAttribute(ATTR.workerName, w.name);
        li.setAttribute(ATTR.state, w.state ?? 'notStarted');
        const dot = document.createElement('span');
        dot.className = `tl-dot tl-swatch-${w.state ?? 'none'}`;
        dot.setAttribute('aria-hidden', 'true');
        const text = document.createElement('span');
        text.textContent = w.text;
        li.append(dot, text);
        return li;
      }),
    );
    const rows = primitivesAt(model, index.tracks(), t, now);
    this.primitives.replaceChildren(
      ...(rows.length === 0
        ? [Object.assign(document.createElement('li'), { className: 'tl-muted', textContent: 'No primitives with state yet.' })]
        : rows.map((row) => {
            const li = document.createElement('li');
            li.setAttribute(ATTR.primitiveName, row.name);
            li.setAttribute(ATTR.kind, row.kind);
            li.setAttribute(ATTR.value, row.value);
            li.setAttribute(ATTR.waiterCount, String(row.waiters.length));
            li.textContent = row.text;
            return li;
          })),
    );
  }
}
