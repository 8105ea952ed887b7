/** Who am I: Python's current_process(), parent_process() and the `__main__` check. */
import { MAIN_WORKER_NAME } from '../model/ids';
import { isInsideRun, threadContext } from './threadContext';

export interface ProcessInfo {
  readonly name: string;
  /** A pid-like id: the worker's id in this run (MainProcess is 0). */
  readonly pid: number;
  readonly ident: number;
  readonly daemon: boolean;
}

export function currentProcess(): ProcessInfo {
  const { boot } = threadContext();
  return { name: boot.name, pid: boot.workerId, ident: boot.workerId, daemon: boot.daemon };
}

/** Python's `parent_process()`: null in the main program. */
export function parentProcess(): ProcessInfo | null {
  const { boot } = threadContext();
  if (boot.parentId === undefined) return null;
  const name = boot.parentName ?? (boot.parentId === 0 ? MAIN_WORKER_NAME : `Process-${boot.parentId}`);
  return { name, pid: boot.parentId, ident: boot.parentId, daemon: false };
}

/**
 * The `if __name__ == "__main__":` idiom. Every worker re-loads the program's module (spawn
 * semantics), so code that starts processes must run only where this is true.
 */
export function isMainProcess(): boolean {
  return isInsideRun() && threadContext().boot.role === 'main';
}
