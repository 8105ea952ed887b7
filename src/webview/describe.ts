/**
 * Words for what a worker is doing, shared by bar labels, tooltips and the screen-reader
 * summary so that all three say the same thing.
 */
import type { RunModel, StateInterval } from '../model/runModel';
import type { SourceSite } from '../model/trace';
import { formatMs } from './timeScale';

/** Short text inside a bar: what the wait is on. Undefined for states that wait on nothing. */
export function barLabel(interval: StateInterval, model: RunModel): string | undefined {
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
      return undefined;
  }
}

export function formatSite(site: SourceSite): string {
  const file = site.file.split(/[\\/]/).pop() ?? site.file;
  return `${file}:${site.line}:${site.column}`;
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
