/** Small text helpers shared by the live view and the summary. */
import { endWord, type RunModel, type StateInterval, type WorkerView } from '../model/runModel';

export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** "waiting on event", "blocked on lock", "sleeping", "done (exit 0)", "terminated (exit -15)". */
export function describeState(model: RunModel, worker: WorkerView, interval: StateInterval): string {
  switch (interval.state) {
    case 'waiting':
    case 'blocked': {
      const primitive = interval.on !== undefined ? model.primitives.get(interval.on) : undefined;
      const what = interval.wait === 'join' ? `join ${primitive?.name ?? '?'}` : (primitive?.name ?? interval.wait ?? '?');
      return `${interval.state} on ${what}${interval.timeoutMs !== undefined ? ` (timeout ${formatMs(interval.timeoutMs)})` : ''}`;
    }
    case 'done':
    case 'failed':
      return `${endWord(worker)} (exit ${worker.exitCode ?? '?'})`;
    default:
      return interval.state;
  }
}

export function siteText(interval: StateInterval): string {
  return interval.site ? `${interval.site.file}:${interval.site.line}:${interval.site.column}` : '';
}

export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
