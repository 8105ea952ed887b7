/**
 * Threadline's runtime: Python's multiprocessing vocabulary on worker_threads.
 * All times are milliseconds.
 */
export { Event } from './event';
export { Lock } from './lock';
export { RLock } from './rlock';
export { Semaphore, BoundedSemaphore } from './semaphore';
export { Condition } from './condition';
export { Barrier, type BarrierOptions } from './barrier';
export { Value, RawValue, type ValueOptions } from './sharedValue';
export { SharedArray, SharedArray as Array, RawArray, type ArrayOptions } from './sharedArray';
export { AttributeError, type LockOption, type Typecode } from './sharedState';
export { Queue, JoinableQueue, SimpleQueue } from './queue';
export { Pipe, Connection } from './connection';
export { Manager } from './manager';
export { ListProxy, DictProxy, NamespaceProxy } from './managed';
export { Process, type ProcessOptions } from './process';
export { sleep, sleepAsync } from './sleep';
export { currentProcess, parentProcess, isMainProcess, type ProcessInfo } from './currentProcess';
export { activeChildren } from './children';
export { getStartMethod, setStartMethod, getAllStartMethods, freezeSupport, setExecutable, type StartMethod } from './startMethods';
export { getContext, type Context } from './context';
export { exit } from './exit';
export { AssertionError, BrokenBarrierError, Empty, EOFError, Full, ProcessError, NotImplementedError, RuntimeError, TimeoutError, ValueError } from './errors';
export { BrokenPipeError, IndexError, KeyError, OSError } from './commErrors';
export type { PrimitiveOptions } from './primitive';
export { __bootWorker } from './boot';
export { loadProgram as __loadProgram } from './programLoader';
export { runSubclass as __runProcessSubclass } from './processSubclass';
export { Pool, cpuCount, type PoolOptions } from './pool';
export { AsyncResult, IMapIterator, type ResultCallbacks } from './asyncResult';
export { __runPoolWorker } from './poolWorker';
export { getLogger, logToStderr, Logger, LogLevel, type LogLevelName } from './logger';
export { processLifecycle as __processLifecycle } from './processExit';
