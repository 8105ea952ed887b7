/**
 * The header line (program, run state, duration, records) and the warning banner. Updated
 * once per painted frame; writes only what changed, so screen readers are not spammed.
 */
import { WORKER_STATES } from '../model/runModel';
import { baseName } from './describe';
import { ID } from './domIds';
import type { PanelSession } from './panelSession';
import { formatMs } from './timeScale';

export class Header {
  private readonly program: HTMLElement;
  private readonly runState: HTMLElement;
  private readonly duration: HTMLElement;
  private readonly records: HTMLElement;
  private readonly banner: HTMLElement;

  constructor(doc: Document) {
    this.program = byId(doc, ID.programName);
    this.runState = byId(doc, ID.runState);
    this.duration = byId(doc, ID.duration);
    this.records = byId(doc, ID.records);
    this.banner = byId(doc, ID.banner);
  }

  update(session: PanelSession): void {
    const { run, end, model } = session;
    setText(this.program, run ? baseName(run.program) : 'No run yet');
    if (run) this.program.title = run.program;
    const state = session.runState;
    // A class, not data-run-state: that attribute belongs to the summary root alone (tests query it).
    const badgeClass = `tl-badge tl-badge-${state}`;
    if (this.runState.className !== badgeClass) this.runState.className = badgeClass;
    setText(this.runState, runStateText(session));
    setText(this.duration, formatMs(session.now));
    const dropped = Math.max(end?.records.dropped ?? 0, model.totalDropped());
    setText(this.records, end ? `${end.records.written.toLocaleString()} records${dropped ? `, ${dropped.toLocaleString()} dropped` : ''}` : '');
    this.updateBanner(dropped, end?.reason === 'failedToStart' ? end.error ?? 'unknown error' : undefined);
  }

  private updateBanner(dropped: number, startError: string | undefined): void {
    const message = startError
      ? `The program could not start: ${startError}`
      : dropped > 0
        ? `${dropped.toLocaleString()} trace records were dropped because a worker wrote faster than they could be read. The picture is incomplete around those moments.`
        : '';
    if (this.banner.dataset.message === message) return;
    this.banner.dataset.message = message;
    this.banner.hidden = message === '';
    this.banner.classList.toggle('tl-banner-error', startError !== undefined);
    const icon = document.createElement('span');
    icon.className = `codicon ${startError ? 'codicon-error' : 'codicon-warning'}`;
    icon.setAttribute('aria-hidden', 'true');
    const text = document.createElement('span');
    text.textContent = message;
    this.banner.replaceChildren(icon, text);
  }
}

function runStateText(session: PanelSession): string {
  const end = session.end;
  switch (session.runState) {
    case 'idle':
      return 'idle';
    case 'running':
      return 'running';
    case 'exited':
      return `exited with code ${end?.exitCode ?? '?'}`;
    case 'stopped':
      return 'stopped';
    case 'failedToStart':
      return 'failed to start';
  }
}

/** The legend: one swatch per worker state plus the overlay marks, coloured by CSS classes. */
export function renderLegend(list: HTMLElement): void {
  const items: [string, string][] = [
    ...WORKER_STATES.map((state): [string, string] => [`tl-swatch-${state}`, state]),
    ['tl-swatch-event-set', 'event set'],
    ['tl-swatch-owner', 'lock owner'],
    ['tl-swatch-count', 'count / size'],
    ['tl-swatch-task', 'pool task'],
    ['tl-swatch-idle', 'idle in pool'],
    ['tl-swatch-wake', 'wake'],
    ['tl-swatch-output', 'output'],
    ['tl-swatch-problem', 'stuck'],
    ['tl-swatch-cursor', 'cursor'],
  ];
  list.replaceChildren(
    ...items.map(([swatchClass, label]) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `tl-swatch ${swatchClass}`;
      swatch.setAttribute('aria-hidden', 'true');
      item.append(swatch, document.createTextNode(label));
      return item;
    }),
  );
}

export function byId<T extends HTMLElement = HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`Threadline panel: #${id} is missing from the HTML shell`);
  return element as T;
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
