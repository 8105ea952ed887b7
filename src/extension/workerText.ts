/**
 * Words for what a worker is doing, shared by the Workers tree and the status bar.
 * Pure (no `vscode`), so the wording can be checked without a window.
 */
import type { Millis } from '../model/ids';
import { endWord, type RunModel, type StateInterval, type WorkerState, type WorkerView } from '../model/runModel';

/** "850 ms", "1.2 s", "2 min 5 s": precise when short, calm when long. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** What the worker waits on, in the program's own names: "event", "join Process-2", "lock". */
export function waitTarget(model: RunModel, interval: StateInterval): string | undefined {
  const primitive = interval.on !== undefined ? model.primitives.get(interval.on) : undefined;
  const name = primitive?.name ?? (interval.on !== undefined ? `#${interval.on}` : undefined);
  if (interval.wait === 'join') return name ? `join ${name}` : 'join';
  return name;
}

/**
 * The tree item's description: the state, what it waits on and for how long.
 *   running · 0.4 s      waiting on event · 1.2 s      blocked on lock · 30 ms
 *   sleeping · 2.0 s     done · exit 0                  failed · exit 1
 *   terminated · exit -15 (terminate() or Stop)         killed · exit -9
 *   idle · 0.3 s (a pool worker between tasks)
 */
export function describeWorker(model: RunModel, worker: WorkerView, now: Millis): string {
  const current = model.currentState(worker);
  switch (current.state) {
    case 'done':
    case 'failed':
      return `${endWord(worker)} · exit ${worker.exitCode ?? '?'}`;
    case 'starting':
    case 'running':
    case 'sleeping':
      return `${current.state} · ${formatDuration(now - current.from)}`;
    case 'waiting':
    case 'blocked': {
      // A pool worker between tasks waits on its pool: it is idle, not stuck on anything.
      if (current.wait === 'get' && current.on !== undefined && model.primitives.get(current.on)?.kind === 'pool') return `idle · ${formatDuration(now - current.from)}`;
      const target = waitTarget(model, current);
      const verb = current.state === 'waiting' ? 'waiting on' : 'blocked on';
      const head = target ? `${verb} ${target}` : current.state;
      return `${head} · ${formatDuration(now - current.from)}`;
    }
  }
}

/** Live workers per state, in a fixed order, zero counts left out. */
export function countLiveStates(model: RunModel): ReadonlyArray<readonly [WorkerState, number]> {
  const order: readonly WorkerState[] = ['starting', 'running', 'waiting', 'blocked', 'sleeping'];
  const counts = new Map<WorkerState, number>();
  for (const worker of model.workers.values()) {
    const state = model.currentState(worker).state;
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return order.filter((state) => (counts.get(state) ?? 0) > 0).map((state) => [state, counts.get(state) ?? 0] as const);
}

