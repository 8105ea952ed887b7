/**
 * How to start the host process. Its workers inherit its execArgv, which carries the node
 * options the runtime's program loader needs (src/runtime/loaderFlags.ts), less the options
 * only a process may take.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LOADER_FLAGS } from '../runtime/loaderFlags';

export interface HostLaunch {
  readonly modulePath: string;
  readonly args: readonly string[];
  readonly execArgv: readonly string[];
  /** Record blocks are bytes: 'advanced' (structured clone) sends them as such, JSON cannot. */
  readonly serialization: 'advanced';
}

/** Node's own size for V8's pool of background threads, and the most the host asks for. */
const NODE_DEFAULT_BACKGROUND_THREADS = 4;
const BACKGROUND_THREADS_FLAG = '--v8-pool-size';

/**
 * How many background threads V8 may run in the host (optimizing compiles, concurrent GC): one
 * fewer than the CPUs, at least one, at most Node's default. Node sizes the pool for one
 * isolate; a run has one per worker, sharing it, and right after start-up every worker's hot
 * paths compile at once. On two CPUs Node's four threads took the CPUs from the workers they
 * compiled for (`perf`: 33 ms of compiling in a 30 ms Pool.map), and the program ran behind.
 */
export function backgroundThreadsFor(cpus: number): number {
  return Math.min(NODE_DEFAULT_BACKGROUND_THREADS, Math.max(1, cpus - 1));
}

export function hostLaunch(distDir: string, programPath: string): HostLaunch {
  return {
    modulePath: join(distDir, 'host.js'),
    args: ['--program', programPath],
    execArgv: [...LOADER_FLAGS, `${BACKGROUND_THREADS_FLAG}=${backgroundThreadsFor(availableParallelism())}`],
    serialization: 'advanced',
  };
}

/** The execArgv a worker of this process needs: its own but for the process-wide pool size, plus the loader's options it lacks. */
export function workerExecArgv(): string[] {
  const own = process.execArgv.filter((flag) => !flag.startsWith(`${BACKGROUND_THREADS_FLAG}=`));
  return [...own, ...LOADER_FLAGS.filter((flag) => !own.includes(flag))];
}
