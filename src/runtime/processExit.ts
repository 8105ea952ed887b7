/**
 * What a process does around its target, as Python's Process._bootstrap and
 * util._exit_function do: lifecycle records on multiprocessing's logger, and at the end its
 * daemonic children are terminated and the others joined (so a process ends after its
 * non-daemon children), and pools it left running are terminated (their finalizer). MainProcess
 * only records: the host ends its daemons and pool workers, and waits for the rest.
 */
import { activeChildren } from './children';
import { getLogger } from './logger';
import { terminateLivePools } from './pool';
import type { WorkerRoleName } from './bootData';

const logger = getLogger();

export const processLifecycle = {
  childStarts(): void {
    logger.info('child process calling self.run()');
  },

  /** At the thread's end; `exitCode` is what the process exits with. */
  atExit(role: WorkerRoleName, exitCode: number): void {
    const isChild = role !== 'main';
    logger.info('process shutting down');
    for (const child of activeChildren()) {
      if (!child.daemon) continue;
      logger.info(`calling terminate() for daemon ${child.name}`);
      if (isChild) child.terminate();
    }
    for (const child of activeChildren()) {
      logger.info(`calling join() for process ${child.name}`);
      if (isChild) child.join();
    }
    logger.debug('running all "atexit" finalizers with priority >= 0');
    if (isChild) terminateLivePools();
    logger.debug('running the remaining "atexit" finalizers');
    if (isChild) logger.info(`process exiting with exitcode ${exitCode}`);
  },
};
