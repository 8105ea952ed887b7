/**
 * The accessible summary: a visually hidden mirror of the picture for screen readers and
 * for e2e tests (the attribute names are in domIds.ts). Rebuilt once per painted frame.
 */
import type { RunModel, TaskView } from '../model/runModel';
import { describeWait, kindWord } from './describe';
import { ATTR, ID } from './domIds';
import { byId } from './header';
import type { ModelIndex } from './modelIndex';
import type { PanelSession } from './panelSession';
import { primitivesAt } from './stateAt';

export class Summary {
  private readonly root: HTMLElement;
  private readonly text: HTMLElement;
  private readonly lanes: HTMLElement;
  private readonly events: HTMLElement;
  private readonly tracks: HTMLElement;
  private readonly failedTasks: HTMLElement;
  private lastKey = '';
  private failedSeen = 0;
  private failed: TaskView[] = [];
  private failedGeneration = -1;

  constructor(doc: Document) {
    this.root = byId(doc, ID.summary);
    this.text = byId(doc, ID.summaryText);
    this.lanes = byId(doc, ID.lanes);
    this.events = byId(doc, ID.eventPrimitives);
    this.tracks = byId(doc, ID.tracks);
    this.failedTasks = byId(doc, ID.failedTasks);
  }

  update(session: PanelSession, index: ModelIndex, cursor: number | undefined): void {
    const { model } = session;
    // Cheap change detection: the model only grows, and a reset bumps the generation.
    const key = `${session.generation}:${model.eventCount}:${session.seq}:${session.runState}:${cursor}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.updateTasksAndTracks(session, index, cursor);
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

  private updateTasksAndTracks(session: PanelSession, index: ModelIndex, cursor: number | undefined): void {
    const { model } = session;
    if (this.failedGeneration !== session.generation) {
      this.failedGeneration = session.generation;
      this.failedSeen = 0;
      this.failed = [];
    }
    // Tasks end after they start: rescan the open tail only (the first still-open task onwards).
    const tasks = model.tasks;
    let firstOpen = tasks.length;
    for (let i = this.failedSeen; i < tasks.length; i++) {
      const task = tasks[i] as TaskView;
      if (task.to === undefined) {
        if (firstOpen === tasks.length) firstOpen = i;
        continue;
      }
      if (task.ok === false && !this.failed.includes(task)) this.failed.push(task);
    }
    this.failedSeen = firstOpen;
    const problems = [...model.problems.values()];
    const count = (kind: string) => String(problems.filter((p) => p.kind === kind).length);
    const tracks = index.tracks();
    const wakes = index.wakes();
    const attrs: Record<string, string | undefined> = {
      [ATTR.problemCount]: String(problems.length),
      [ATTR.deadlockCount]: count('deadlock'),
      [ATTR.hangCount]: count('hang'),
      [ATTR.potentialDeadlockCount]: count('potentialDeadlock'),
      [ATTR.taskCount]: String(tasks.length),
      [ATTR.failedTaskCount]: String(this.failed.length),
      [ATTR.trackCount]: String(tracks.length),
      [ATTR.arrowCount]: String(wakes.filter((w) => w.by !== w.waiter).length),
      [ATTR.cursorMs]: cursor === undefined ? undefined : cursor.toFixed(3),
    };
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined) this.root.removeAttribute(name);
      else this.root.setAttribute(name, value);
    }
    // Each track's state at the cursor, or now.
    const rows = primitivesAt(model, tracks, cursor ?? session.now, session.now);
    const byId = new Map(rows.map((r) => [r.primitive, r]));
    this.tracks.replaceChildren(
      ...tracks.map((track) => {
        const li = document.createElement('li');
        const row = byId.get(track.primitive.id);
        li.setAttribute(ATTR.primitiveName, track.primitive.name);
        li.setAttribute(ATTR.kind, track.primitive.kind);
        li.setAttribute(ATTR.segmentCount, String(track.segments.length));
        if (row) li.setAttribute(ATTR.value, row.value);
        li.textContent = row?.text ?? `${kindWord(track.primitive.kind)} ${track.primitive.name}`;
        return li;
      }),
    );
    this.failedTasks.replaceChildren(
      ...this.failed.slice(0, 50).map((task) => {
        const li = document.createElement('li');
        li.setAttribute(ATTR.taskIndex, String(task.index));
        li.setAttribute(ATTR.fn, task.fn);
        li.setAttribute(ATTR.workerName, model.workers.get(task.worker)?.name ?? String(task.worker));
        li.textContent = `Task ${task.index} ${task.fn}(${task.args ?? ''}) failed: ${(task.error ?? 'error').split('\n')[0]}`;
        return li;
      }),
    );
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
  const problems = [...model.problems.values()];
  const found = problems.length ? ` Problems: ${problems.map((p) => p.summary).join(' ')}` : '';
  const tasks = model.tasks.length ? ` ${model.tasks.length} pool tasks.` : '';
  return `${state}. ${workerCount} workers${waiting ? `, ${waiting} waiting` : ''}; ${model.wakes.length} wake-ups; ${model.output.length} output lines.${tasks}${found}`;
}
