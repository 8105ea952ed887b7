/**
 * The accessible summary: a visually hidden mirror of the picture for screen readers and
 * for e2e tests (the attribute names are in domIds.ts). Rebuilt once per painted frame.
 */
import type { RunModel } from '../model/runModel';
import { describeWait } from './describe';
import { ATTR, ID } from './domIds';
import { byId } from './header';
import type { PanelSession } from './panelSession';

export class Summary {
  private readonly root: HTMLElement;
  private readonly text: HTMLElement;
  private readonly lanes: HTMLElement;
  private readonly events: HTMLElement;
  private lastKey = '';

  constructor(doc: Document) {
    this.root = byId(doc, ID.summary);
    this.text = byId(doc, ID.summaryText);
    this.lanes = byId(doc, ID.lanes);
    this.events = byId(doc, ID.eventPrimitives);
  }

  update(session: PanelSession): void {
    const { model } = session;
    // Cheap change detection: the model only grows, and a reset bumps the generation.
    const key = `${session.generation}:${model.eventCount}:${session.seq}:${session.runState}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    const workers = [...model.workers.values()].sort((a, b) => a.id - b.id);
    const eventPrimitives = [...model.primitives.values()].filter((p) => p.kind === 'event');
    const setCount = (ops: readonly { op: string }[]) => ops.filter((o) => o.op === 'set').length;
    const attrs: Record<string, string | undefined> = {
      [ATTR.runState]: session.runState,
      [ATTR.exitCode]: session.end ? String(session.end.exitCode) : undefined,
      [ATTR.workerCount]: String(workers.length),
      [ATTR.wakeCount]: String(model.wakes.length),
      [ATTR.eventSetCount]: String(eventPrimitives.reduce((n, p) => n + setCount(p.ops), 0)),
      [ATTR.outputCount]: String(model.output.length),
      [ATTR.eventCount]: String(model.eventCount),
      [ATTR.seq]: String(session.seq),
    };
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined) this.root.removeAttribute(name);
      else this.root.setAttribute(name, value);
    }
    this.lanes.replaceChildren(
      ...workers.map((worker) => {
        const current = model.currentState(worker);
        const item = document.createElement('li');
        item.setAttribute(ATTR.workerName, worker.name);
        item.setAttribute(ATTR.state, current.state);
        const detail = describeWait(current, model) ?? (current.state === 'done' || current.state === 'failed' ? `exited with code ${worker.exitCode ?? '?'}` : current.state);
        item.textContent = `${worker.name}: ${current.state}${detail !== current.state ? `, ${detail}` : ''}`;
        return item;
      }),
    );
    this.events.replaceChildren(
      ...eventPrimitives.map((primitive) => {
        const item = document.createElement('li');
        const sets = setCount(primitive.ops);
        const isSet = isEventSet(primitive.ops);
        item.setAttribute(ATTR.primitiveName, primitive.name);
        item.setAttribute(ATTR.setCount, String(sets));
        item.setAttribute(ATTR.isSet, String(isSet));
        item.textContent = `Event ${primitive.name}: set ${sets} ${sets === 1 ? 'time' : 'times'}, now ${isSet ? 'set' : 'clear'}`;
        return item;
      }),
    );
    this.text.textContent = sentence(session, model, workers.length);
  }
}

function isEventSet(ops: readonly { op: string; at: number }[]): boolean {
  let last: { op: string; at: number } | undefined;
  for (const op of ops) if (!last || op.at >= last.at) last = op;
  return last?.op === 'set';
}

function sentence(session: PanelSession, model: RunModel, workerCount: number): string {
  if (session.runState === 'idle') return 'No run yet.';
  const state = session.runState === 'running' ? 'Running' : session.runState === 'exited' ? `Exited with code ${session.end?.exitCode}` : session.runState === 'stopped' ? 'Stopped' : 'Failed to start';
  const waiting = [...model.workers.values()].filter((w) => {
    const s = model.currentState(w).state;
    return s === 'waiting' || s === 'blocked';
  }).length;
  return `${state}. ${workerCount} workers${waiting ? `, ${waiting} waiting` : ''}; ${model.wakes.length} wake-ups; ${model.output.length} output lines.`;
}
