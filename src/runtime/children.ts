/**
 * Python's active_children(): the processes this worker started that are still alive. As in
 * Python, asking also forgets (joins) the ones that have ended.
 */
import type { Process } from './process';

const started = new Set<Process>();

export function rememberChild(process: Process): void {
  started.add(process);
}

export function activeChildren(): Process[] {
  for (const child of started) if (!child.isAlive()) started.delete(child);
  return [...started];
}

export function forgetChild(process: Process): void {
  started.delete(process);
}
