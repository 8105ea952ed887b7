/**
 * Threadline's runtime: Python's multiprocessing vocabulary on worker_threads.
 * All times are milliseconds.
 */
export { Event } from './event';
export { Lock } from './lock';
export { Process, type ProcessOptions } from './process';
export { sleep, sleepAsync } from './sleep';
export { currentProcess, parentProcess, isMainProcess, type ProcessInfo } from './currentProcess';
export { exit } from './exit';
export { AssertionError, BrokenBarrierError, Empty, EOFError, Full, ProcessError, RuntimeError, TimeoutError, ValueError } from './errors';
export type { PrimitiveOptions } from './primitive';
export { __bootWorker } from './boot';
