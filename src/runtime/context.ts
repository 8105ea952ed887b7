/**
 * Python's get_context(method): an object with the module's API bound to one start method.
 * There is only 'spawn' here (see startMethods.ts), so the context is the module's own names.
 */
import { activeChildren } from './children';
import { Barrier } from './barrier';
import { Condition } from './condition';
import { Pipe } from './connection';
import { currentProcess, parentProcess } from './currentProcess';
import { Event } from './event';
import { Lock } from './lock';
import { getLogger, logToStderr } from './logger';
import { Manager } from './manager';
import { cpuCount, Pool } from './pool';
import { Process } from './process';
import { JoinableQueue, Queue, SimpleQueue } from './queue';
import { RLock } from './rlock';
import { BoundedSemaphore, Semaphore } from './semaphore';
import { RawArray, SharedArray } from './sharedArray';
import { RawValue, Value } from './sharedValue';
import { checkedMethod, freezeSupport, getAllStartMethods, setExecutable, type StartMethod } from './startMethods';

const SPAWN_CONTEXT = Object.freeze({
  Process, Pool, Manager, Pipe, Queue, JoinableQueue, SimpleQueue,
  Event, Lock, RLock, Semaphore, BoundedSemaphore, Condition, Barrier,
  Value, RawValue, Array: SharedArray, RawArray,
  activeChildren, currentProcess, parentProcess, cpuCount, freezeSupport, getAllStartMethods, setExecutable, getLogger, logToStderr,
  getStartMethod: (): StartMethod => 'spawn',
});

export type Context = typeof SPAWN_CONTEXT;

/** Python's get_context(method=None): 'spawn' (or nothing) gives the context; 'fork'/'forkserver' say why not. */
export function getContext(method?: string | null): Context {
  checkedMethod(method);
  return SPAWN_CONTEXT;
}
