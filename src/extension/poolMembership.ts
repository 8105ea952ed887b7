/**
 * Which pool a pool worker belongs to, so the Workers view can list pool workers under their
 * pool. The worker's start event may carry its pool; until it does, the pool of a task it ran
 * says, and failing that the only pool its parent created. Pure (no `vscode`).
 */
import type { PrimitiveId, WorkerId } from '../model/ids';
import type { RunModel, TaskView, WorkerView } from '../model/runModel';

export function poolOf(model: RunModel, worker: WorkerView): PrimitiveId | undefined {
  if (worker.role !== 'poolWorker') return undefined;
  const declared = worker.pool;
  if (typeof declared === 'number' && model.primitives.has(declared as PrimitiveId)) return declared as PrimitiveId;
  const task = model.tasks.find((t) => t.worker === worker.id);
  if (task) return task.pool;
  const pools = [...model.primitives.values()].filter((p) => p.kind === 'pool' && p.createdBy === worker.parent);
  return pools.length === 1 ? pools[0]?.id : undefined;
}

/** The task a worker runs now (the latest one it started and has not finished). */
export function currentTask(model: RunModel, worker: WorkerId): TaskView | undefined {
  for (let i = model.tasks.length - 1; i >= 0; i--) {
    const task = model.tasks[i];
    if (task && task.worker === worker && task.to === undefined) return task;
  }
  return undefined;
}

/** "square(3)" or "square" when the arguments were not recorded. */
export function taskLabel(task: TaskView): string {
  return task.args !== undefined ? `${task.fn}(${task.args})` : task.fn;
}
