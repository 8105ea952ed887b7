/**
 * Words for what a worker is doing, shared by bar labels, tooltips and the screen-reader
 * summary so that all three say the same thing.
 */
import type { RunModel, StateInterval } from '../model/runModel';
import type { SourceSite } from '../model/trace';
import { formatMs } from './timeScale';

/** A pool worker between tasks: waiting on its pool for the next one. */
export function isPoolIdle(interval: StateInterval, model: RunModel): boolean {
  return interval.wait === 'get' && interval.on !== undefined && model.primitives.get(interval.on)?.kind === 'pool';
}

/** Short text inside a bar: what the wait is on. Undefined for states that wait on nothing. */
export function barLabel(interval: StateInterval, model: RunModel): string | undefined {
  if (interval.state === 'starting') return 'starting';
  if (isPoolIdle(interval, model)) return 'idle';
  if (interval.wait === 'sleep') return interval.timeoutMs !== undefined ? `sleep ${formatMs(interval.timeoutMs)}` : 'sleep';
  if (interval.on === undefined) return undefined;
  const name = model.primitives.get(interval.on)?.name ?? `#${interval.on}`;
  return interval.wait === 'join' ? `join ${name}` : name;
}

/** A sentence fragment: "waiting on event 'event'", "joining Process-1", "sleeping (2.00 s)". */
export function describeWait(interval: StateInterval, model: RunModel): string | undefined {
  const primitive = interval.on !== undefined ? model.primitives.get(interval.on) : undefined;
  const name = primitive?.name ?? (interval.on !== undefined ? `#${interval.on}` : '');
  const timeout = interval.timeoutMs !== undefined ? ` (timeout ${formatMs(interval.timeoutMs)})` : '';
  if (interval.state === 'starting') return 'starting: the thread and the runtime, before the program runs';
  if (isPoolIdle(interval, model)) return `idle in ${name}, waiting for a task`;
  switch (interval.wait) {
    case 'event':
      return `waiting on Event '${name}'${timeout}`;
    case 'lock':
      return `blocked on Lock '${name}'${timeout}`;
    case 'join':
      return `joining ${name}${timeout}`;
    case 'sleep':
      return interval.timeoutMs !== undefined ? `sleeping ${formatMs(interval.timeoutMs)}` : 'sleeping';
    default:
      return waitWords(interval, model);
  }
}

/** "Lock", "Queue", "BoundedSemaphore": Python's class names. */
export function kindWord(kind: string): string {
  const special: Record<string, string> = { rlock: 'RLock', joinableQueue: 'JoinableQueue', simpleQueue: 'SimpleQueue', boundedSemaphore: 'BoundedSemaphore' };
  return special[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** Words for the waits without a sentence of their own (queues, barriers, results…). */
function waitWords(interval: StateInterval, model: RunModel): string | undefined {
  if (interval.wait === undefined) return undefined;
  const p = interval.on !== undefined ? model.primitives.get(interval.on) : undefined;
  const name = p ? `${kindWord(p.kind)} '${p.name}'` : interval.on !== undefined ? `#${interval.on}` : '';
  const verb: Record<string, string> = {
    rlock: 'blocked on', semaphore: 'blocked on', condition: 'waiting on', barrier: 'waiting at', get: 'getting from',
    put: 'putting to', queueJoin: 'joining', recv: 'receiving from', result: 'waiting for a result of', poolJoin: 'joining',
  };
  const timeout = interval.timeoutMs !== undefined ? ` (timeout ${formatMs(interval.timeoutMs)})` : '';
  return `${verb[interval.wait] ?? `${interval.wait} on`} ${name}`.trim() + timeout;
}

export function formatSite(site: SourceSite): string {
  const file = site.file.split(/[\\/]/).pop() ?? site.file;
  return `${file}:${site.line}:${site.column}`;
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
