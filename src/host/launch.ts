/**
 * How to start the host process. Its workers inherit its execArgv, which carries the node
 * options the runtime's program loader needs (src/runtime/loaderFlags.ts).
 */
import { join } from 'node:path';
import { LOADER_FLAGS } from '../runtime/loaderFlags';

export interface HostLaunch {
  readonly modulePath: string;
  readonly args: readonly string[];
  readonly execArgv: readonly string[];
  /** Record blocks are bytes: 'advanced' (structured clone) sends them as such, JSON cannot. */
  readonly serialization: 'advanced';
}

export function hostLaunch(distDir: string, programPath: string): HostLaunch {
  return { modulePath: join(distDir, 'host.js'), args: ['--program', programPath], execArgv: [...LOADER_FLAGS], serialization: 'advanced' };
}

/** The execArgv a worker of this process needs: its own, plus the loader's options it lacks. */
export function workerExecArgv(): string[] {
  return [...process.execArgv, ...LOADER_FLAGS.filter((flag) => !process.execArgv.includes(flag))];
}
