/**
 * A pool worker's life after the program module has loaded: run the initializer, then take
 * task chunks from the pool's ring until it is closed (or maxtasksperchild chunks are done),
 * writing one result per chunk. Each task is traced (taskStart/taskEnd), failed ones too.
 */
import { notifyParked, spinBudget } from './blocking';
import { MessageRing } from './messageRing';
import { decodeTask, encodeResult, errorInfo, errorLine, previewArgs, type ErrorInfo } from './poolMessages';
import { PoolControl } from './poolLayout';
import { restoreBuffers } from './itemCodec';
import { fromTransferable } from './sharing';
import { threadContext } from './threadContext';

/**
 * How long the one idle spinner of a pool (see MessageRing.takeAsSpinner) may wait for the
 * next task before parking: longer than the owner takes from one result to its next submit.
 * No spin right after this worker woke the owner (see spinBudget): the owner then needs the
 * CPU more than we need to spin.
 */
const IDLE_SPIN_MS = 0.05;

/** Not public API: called by the worker bootstrap for role 'poolWorker'. */
export async function __runPoolWorker(program: Record<string, unknown>, initargs: readonly unknown[]): Promise<void> {
  const { boot, tracer, workerId } = threadContext();
  const pool = boot.pool;
  if (!pool) throw new Error('Threadline: a pool worker started without its pool');
  const tasks = new MessageRing(pool.tasks, { producers: false, consumers: true });
  const results = new MessageRing(pool.results, { producers: true, consumers: false });
  const control = new Int32Array(pool.control);
  const file = decodeURIComponent(new URL(boot.moduleUrl).pathname);
  const poolId = pool.id;

  const ringOwner = (): void => {
    Atomics.add(control, PoolControl.doorbell, 1);
    if (Atomics.load(control, PoolControl.ownerWaiting) > 0) notifyParked(control, PoolControl.doorbell);
  };

  const take = (): Uint8Array | undefined => {
    const ready = tasks.tryRead() ?? tasks.takeAsSpinner(spinBudget(IDLE_SPIN_MS));
    if (ready) return ready;
    if (tasks.isClosed() && tasks.isEmpty()) return undefined;
    // Idle in the pool: shown as waiting on it until the owner submits.
    tracer.waitBegin('get', poolId, undefined, undefined);
    for (;;) {
      // Idle is announced before the bell is read and the ring checked: a write after the
      // check then rings the bell, and the park returns at once.
      const bell = tasks.enterIdle();
      const message = tasks.tryRead();
      if (message) {
        tasks.leaveIdle();
        const seq = Atomics.load(control, PoolControl.lastSubmit);
        if (seq > 0 && boot.parentId !== undefined) tracer.waitEnd('woken', poolId, boot.parentId, 'submit', seq);
        else tracer.waitEnd('woken', poolId);
        return message;
      }
      if (tasks.isClosed()) {
        tasks.leaveIdle();
        tracer.waitEnd('immediate', poolId);
        return undefined;
      }
      tasks.park(bell);
      tasks.leaveIdle();
    }
  };

  if (pool.initializer) {
    const initializer = lookUp(program, pool.initializer, file, 'initializer');
    if (initializer instanceof Error) throw initializer;
    await initializer(...initargs);
  }

  const limit = pool.maxTasksPerChild ?? Infinity;
  for (let served = 0; served < limit; served++) {
    const message = take();
    if (!message) return;
    if (Atomics.load(control, PoolControl.wantsRoom) === 1) ringOwner();
    const chunk = decodeTask(message);
    const fn = lookUp(program, chunk.fn, file, 'task function');
    const values: unknown[] = [];
    let failure: ErrorInfo | undefined;
    for (let i = 0; i < chunk.items.length; i++) {
      const task = chunk.firstTask + i;
      const raw = restoreBuffers(chunk.items[i], `task ${task}'s arguments`);
      const args = (chunk.star ? (raw as unknown[]) : [raw]).map(fromTransferable);
      tracer.taskStart(poolId, task, chunk.fn, previewArgs(args));
      try {
        if (fn instanceof Error) throw fn;
        let value = fn(...args);
        if (isThenable(value)) value = await value;
        values.push(value);
        tracer.taskEnd(poolId, task, true);
      } catch (error) {
        // As Python's mapstar: the chunk stops at its first error, which is its result.
        failure = errorInfo(error);
        tracer.taskEnd(poolId, task, false, errorLine(failure));
        break;
      }
    }
    let payload: Uint8Array;
    const seq = tracer.nextOpSeq();
    try {
      payload = encodeResult({ job: chunk.job, chunk: chunk.chunk, ok: !failure, value: failure ?? values, worker: workerId, seq });
    } catch (error) {
      const reason = errorInfo(error);
      const info: ErrorInfo = {
        name: 'MaybeEncodingError',
        message: `Error sending result of ${chunk.fn}: the value cannot be sent to another worker. Reason: ${reason.message}`,
        stack: `MaybeEncodingError: Error sending result of ${chunk.fn}. Reason: ${reason.stack}`,
      };
      payload = encodeResult({ job: chunk.job, chunk: chunk.chunk, ok: false, value: info, worker: workerId, seq });
    }
    tracer.op('complete', poolId, seq);
    results.writeBlocking(payload, ringOwner);
    ringOwner();
  }
}

type Callable = (...args: unknown[]) => unknown;

function lookUp(program: Record<string, unknown>, name: string, file: string, what: string): Callable | Error {
  const fn = program[name];
  if (typeof fn === 'function') return fn as Callable;
  const error = new Error(
    `Can't get attribute '${name}' on the program module ${file}. Pool workers re-load the program and look ` +
      `the ${what} up by name: export it at module level (export function ${name}(…) { … }).`,
  );
  error.name = 'AttributeError';
  return error;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
