/**
 * The runtime side of a worker's start: set up the thread context and console capture. Called
 * by the worker bootstrap (workerEntry.ts) before the user's module is imported. Not public API.
 */
import { NO_PRIMITIVE } from '../model/records';
import type { WorkerBoot } from './bootData';
import { captureConsole } from './consoleCapture';
import { fromTransferable } from './sharing';
import { initThreadContext } from './threadContext';

export function __bootWorker(boot: WorkerBoot): { readonly args: readonly unknown[] } {
  const ctx = initThreadContext(boot);
  captureConsole(ctx.tracer);
  // The end of the worker's 'starting': from here on its time is the program's.
  ctx.tracer.op('boot', NO_PRIMITIVE, 0);
  process.once('exit', () => ctx.tracer.flush());
  return { args: (boot.args ?? []).map(fromTransferable) };
}
