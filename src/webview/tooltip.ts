/**
 * The hover card. Program-controlled strings (output text, names, paths) only ever reach
 * it through textContent.
 */
import { displayText } from './displayText';
import type { RunModel, TaskView } from '../model/runModel';
import type { SourceSite } from '../model/trace';
import { describeWait, formatSite, kindWord } from './describe';
import type { Hit } from './hitTest';
import { trackUnitOf } from './primitiveTracks';
import { taskLabel } from './taskSpans';
import { formatMs } from './timeScale';
import { ownerLabel } from './trackDraw';

/** Where a task's source is: its own site once the runtime records one, else the pool's. */
export function taskSite(task: TaskView, model: RunModel): SourceSite | undefined {
  const own = (task as TaskView & { readonly site?: SourceSite }).site;
  return own ?? model.primitives.get(task.pool)?.site;
}

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
        { text: displayText(line.text, 300), kind: 'code' },
        { text: formatMs(line.at), kind: 'muted' },
      ];
    }
    case 'op': {
      const by = model.workers.get(hit.mark.worker)?.name ?? `worker ${hit.mark.worker}`;
      const woke = model.wakes.filter((w) => w.by === hit.mark.worker && w.opSeq === hit.mark.seq).length;
      return [
        { text: `${kindWord(hit.row.primitive.kind)} '${hit.row.primitive.name}'.${hit.mark.op}()`, kind: 'title' },
        { text: `by ${by} at ${formatMs(hit.mark.at)}` },
        { text: woke === 1 ? 'woke 1 waiter' : `woke ${woke} waiters`, kind: 'muted' },
      ];
    }
    case 'span': {
      const { row, span } = hit;
      const kind = kindWord(row.primitive.kind);
      const title =
        row.track.shape === 'flag'
          ? `${kind} '${row.primitive.name}' set`
          : row.track.shape === 'owner'
            ? `${kind} '${row.primitive.name}' held by ${ownerLabel(model, row, span)}`
            : `${kind} '${row.primitive.name}': ${span.value} ${trackUnitOf(row.primitive.kind)}`;
      return [
        { text: title, kind: 'title' },
        { text: `${formatMs(span.from)} – ${span.to === undefined ? 'now' : formatMs(span.to)}  (${formatMs((span.to ?? now) - span.from)})`, kind: 'muted' },
      ];
    }
    case 'task': {
      const { task, row } = hit;
      const pool = model.primitives.get(task.pool);
      const lines: TooltipLine[] = [
        { text: `Task ${taskLabel(task)}`, kind: 'title' },
        { text: `on ${row.worker.name}${pool ? ` · pool '${pool.name}'` : ''}` },
        {
          text: `${formatMs(task.from)} – ${task.to === undefined ? 'running' : formatMs(task.to)}  (${formatMs((task.to ?? now) - task.from)})`,
          kind: 'muted',
        },
      ];
      if (task.ok === false) {
        lines.push({ text: 'failed', kind: 'title' });
        if (task.error) lines.push({ text: task.error.length > 600 ? `${task.error.slice(0, 600)}…` : task.error, kind: 'code' });
      } else if (task.ok === true) lines.push({ text: 'succeeded', kind: 'muted' });
      const site = taskSite(task, model);
      if (site) {
        lines.push({ text: formatSite(site), kind: 'code' });
        lines.push({ text: 'Click to open the source', kind: 'hint' });
      }
      return lines;
    }
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
