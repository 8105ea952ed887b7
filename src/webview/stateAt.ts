/**
 * What every worker and every primitive was doing at one instant: the time cursor's side panel
 * and its accessible text. Pure (model + tracks in, plain rows out) so it is unit-tested.
 */
import type { PrimitiveId, WorkerId } from '../model/ids';
import type { RunModel, StateInterval, WorkerState } from '../model/runModel';
import { describeWait, kindWord } from './describe';
import { intervalAt } from './intervals';
import { trackUnitOf, type PrimitiveTrack } from './primitiveTracks';
import { formatMs } from './timeScale';

export interface WorkerAt {
  readonly worker: WorkerId;
  readonly name: string;
  /** Undefined before the worker started. */
  readonly state: WorkerState | undefined;
  readonly text: string;
  readonly interval?: StateInterval;
}

export interface PrimitiveAt {
  readonly primitive: PrimitiveId;
  readonly name: string;
  readonly kind: string;
  /** Machine-readable state: "set"/"clear", the owner's name or "free", a count. */
  readonly value: string;
  readonly waiters: readonly string[];
  readonly text: string;
}

export function workersAt(model: RunModel, t: number, now: number): WorkerAt[] {
  return [...model.workers.values()]
    .sort((a, b) => a.id - b.id)
    .map((worker): WorkerAt => {
      const interval = t < worker.startedAt ? undefined : intervalAt(worker.states, t, now);
      if (!interval) return { worker: worker.id, name: worker.name, state: undefined, text: `${worker.name}: not started` };
      const wait = describeWait(interval, model);
      const since = ` since ${formatMs(interval.from)}`;
      const what = interval.state === 'done' || interval.state === 'failed' ? `${interval.state}, exit code ${worker.exitCode ?? '?'}` : wait ? `${interval.state}, ${wait}${since}` : `${interval.state}${since}`;
      return { worker: worker.id, name: worker.name, state: interval.state, text: `${worker.name}: ${what}`, interval };
    });
}

/** Every primitive with state over time (tracks given), in creation order. */
export function primitivesAt(model: RunModel, tracks: readonly PrimitiveTrack[], t: number, now: number): PrimitiveAt[] {
  const waitersOf = new Map<PrimitiveId, string[]>();
  for (const worker of model.workers.values()) {
    if (t < worker.startedAt) continue;
    const interval = intervalAt(worker.states, t, now);
    if (interval?.on === undefined || (interval.state !== 'waiting' && interval.state !== 'blocked')) continue;
    const list = waitersOf.get(interval.on);
    if (list) list.push(worker.name);
    else waitersOf.set(interval.on, [worker.name]);
  }
  const rows: PrimitiveAt[] = [];
  for (const track of tracks) {
    const p = track.primitive;
    if (!track.shape || t < p.createdAt) continue;
    const seg = track.segmentAt(t);
    const waiters = waitersOf.get(p.id) ?? [];
    let value: string;
    let words: string;
    switch (track.shape) {
      case 'flag':
        value = seg ? 'set' : 'clear';
        words = value;
        break;
      case 'owner': {
        const owner = seg?.owner !== undefined ? model.workers.get(seg.owner)?.name ?? `worker ${seg.owner}` : undefined;
        value = owner ?? 'free';
        words = owner ? `held by ${owner}${seg && seg.value > 1 ? ` (depth ${seg.value})` : ''}` : 'free';
        break;
      }
      case 'count': {
        const n = seg?.value ?? 0;
        value = String(n);
        words = `${n} ${trackUnitOf(p.kind)}`.trim();
        break;
      }
    }
    const waiting = waiters.length ? `; ${waiters.length} waiting (${waiters.join(', ')})` : '';
    rows.push({ primitive: p.id, name: p.name, kind: p.kind, value, waiters, text: `${kindWord(p.kind)} ${p.name}: ${words}${waiting}` });
  }
  return rows;
}
