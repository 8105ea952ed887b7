/**
 * A worker's first module. Boots the runtime, re-loads the user's program (spawn semantics:
 * module-level code runs again, the isMainProcess() block does not), then calls the target.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Process, __bootWorker, __loadProgram, __processLifecycle, __runPoolWorker, __runProcessSubclass } from 'threadline';
import type { WorkerBoot, WorkerRequest } from './bootData';
import { describeStartupError } from './startupError';

/** What a pre-started worker gets as workerData: it waits for its boot data by message. */
interface Prewarmed {
  readonly prewarm: true;
}

/**
 * Threads are started ahead of need (a worker's start-up costs tens of ms), so
 * a new Process only waits for its program to load. The runtime is already loaded by the
 * static import above when the boot message arrives.
 */
function receiveBoot(): Promise<WorkerBoot> {
  return new Promise((resolve) => parentPort!.once('message', (message: { readonly boot: WorkerBoot }) => resolve(message.boot)));
}

const initial = workerData as WorkerBoot | Prewarmed;
const boot: WorkerBoot = 'prewarm' in initial ? await receiveBoot() : initial;

async function main(): Promise<void> {
  const { args } = __bootWorker(boot);
  // Python's exit function: lifecycle records, daemonic children ended, the others joined.
  if (boot.role !== 'poolWorker') process.once('exit', (code) => __processLifecycle.atExit(boot.role, code));
  const program = await __loadProgram(boot.moduleUrl);
  if (boot.role === 'main') return;
  if (boot.role === 'poolWorker') {
    await __runPoolWorker(program, args);
    // Leave even if the program's module keeps handles open: the pool counts on this exit.
    process.exit(0);
  }
  __processLifecycle.childStarts();
  if (boot.subclass) return __runProcessSubclass(program, boot, boot.subclass, Process, args);
  const targetName = boot.target ?? '';
  const target = program[targetName];
  if (typeof target !== 'function') {
    const file = decodeURIComponent(new URL(boot.moduleUrl).pathname);
    throw new Error(
      `AttributeError: Can't get attribute '${targetName}' on the program module ${file}. ` +
        `Spawned workers re-load the program and look the target up by name: ` +
        `export it at module level (export function ${targetName}(…) { … }).`,
    );
  }
  await (target as (...a: unknown[]) => unknown)(...args);
}

main().catch(async (error: unknown) => {
  const stack = await describeStartupError(error, boot.moduleUrl);
  // Python prints the child's traceback to stderr; console is captured, so this lands in the trace.
  console.error(`Process ${boot.name}:\n${stack}`);
  parentPort?.postMessage({ type: 'failed', error: stack } satisfies WorkerRequest);
  process.exit(1);
});
