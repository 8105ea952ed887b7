/**
 * The hover card. Program-controlled strings (output text, names, paths) only ever reach
 * it through textContent.
 */
import type { RunModel } from '../model/runModel';
import { describeWait, formatSite } from './describe';
import type { Hit } from './hitTest';
import { formatMs } from './timeScale';

interface TooltipLine {
  readonly text: string;
  readonly kind?: 'title' | 'muted' | 'hint' | 'code';
}

export function tooltipLines(hit: Hit, model: RunModel, now: number): TooltipLine[] {
  switch (hit.kind) {
    case 'interval': {
      const { interval, row } = hit;
      const end = interval.to;
      const lines: TooltipLine[] = [
        { text: row.worker.name, kind: 'title' },
        { text: describeWait(interval, model) ?? interval.state },
        {
          text: `${formatMs(interval.from)} – ${end === undefined ? 'now' : formatMs(end)}  (${formatMs((end ?? now) - interval.from)})`,
          kind: 'muted',
        },
      ];
      if (interval.state === 'done' || interval.state === 'failed') {
        lines[1] = { text: `exited with code ${row.worker.exitCode ?? '?'}` };
        if (row.worker.error) lines.push({ text: firstLine(row.worker.error), kind: 'code' });
      }
      if (interval.site) {
        lines.push({ text: formatSite(interval.site), kind: 'code' });
        lines.push({ text: 'Click to open the source', kind: 'hint' });
      }
      return lines;
    }
    case 'output': {
      const line = model.output[hit.outputIndex];
      if (!line) return [];
      return [
        { text: `${hit.row.worker.name} · ${line.stream}`, kind: 'title' },
        { text: line.text.length > 300 ? `${line.text.slice(0, 300)}…` : line.text, kind: 'code' },
        { text: formatMs(line.at), kind: 'muted' },
      ];
    }
    case 'op': {
      const by = model.workers.get(hit.mark.worker)?.name ?? `worker ${hit.mark.worker}`;
      const woke = model.wakes.filter((w) => w.by === hit.mark.worker && w.opSeq === hit.mark.seq).length;
      return [
        { text: `${hit.row.primitive.name}.${hit.mark.op}()`, kind: 'title' },
        { text: `by ${by} at ${formatMs(hit.mark.at)}` },
        { text: woke === 1 ? 'woke 1 waiter' : `woke ${woke} waiters`, kind: 'muted' },
      ];
    }
    case 'span':
      return [
        { text: `Event '${hit.row.primitive.name}' set`, kind: 'title' },
        { text: `${formatMs(hit.span.from)} – ${hit.span.to === undefined ? 'now' : formatMs(hit.span.to)}`, kind: 'muted' },
      ];
  }
}

export class Tooltip {
  constructor(private readonly element: HTMLElement) {}

  /** Shows near (x, y), in the coordinates of the tooltip's positioned parent. */
  show(lines: readonly TooltipLine[], x: number, y: number): void {
    if (lines.length === 0) return this.hide();
    this.element.replaceChildren(
      ...lines.map((line) => {
        const div = document.createElement('div');
        div.className = line.kind ? `tl-tooltip-${line.kind}` : 'tl-tooltip-line';
        div.textContent = line.text;
        return div;
      }),
    );
    this.element.hidden = false;
    const parent = this.element.offsetParent as HTMLElement | null;
    const maxX = (parent?.clientWidth ?? window.innerWidth) - this.element.offsetWidth - 4;
    const left = Math.max(4, Math.min(x + 14, maxX));
    const below = y + 18;
    const maxY = (parent?.scrollHeight ?? window.innerHeight) - this.element.offsetHeight - 4;
    const top = below > maxY ? Math.max(0, y - this.element.offsetHeight - 10) : below;
    // CSSOM property writes are allowed by the CSP (only style attributes are not).
    this.element.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
