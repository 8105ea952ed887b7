/** What the host hands a new worker (its `workerData`), and the messages workers send back. */
export type WorkerRoleName = 'main' | 'process' | 'poolWorker';

/** A Process subclass that overrides run(): its exported class name and its own fields. */
export interface SubclassState {
  readonly className: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface WorkerBoot {
  readonly role: WorkerRoleName;
  readonly workerId: number;
  readonly name: string;
  readonly arena: SharedArrayBuffer;
  readonly ring: SharedArrayBuffer;
  /** process.hrtime.bigint() at run start: every thread's records count from it. */
  readonly epoch: bigint;
  /** file:// URL of the user's program (re-loaded by every worker, as Python's spawn does). */
  readonly moduleUrl: string;
  readonly target?: string;
  /** Arguments with shared primitives replaced by references (see sharing.ts). */
  readonly args?: readonly unknown[];
  /** The Process slot the host marks exited (absent for MainProcess). */
  readonly processSlot?: number;
  readonly parentId?: number;
  /** The parent's name, for parentProcess(). */
  readonly parentName?: string;
  readonly daemon: boolean;
  /** For role 'poolWorker': the pool it serves (its `args` are the initargs). */
  readonly pool?: PoolWorkerBoot;
  /** For a Process subclass that overrides run(). */
  readonly subclass?: SubclassState;
}

/** What every worker of one pool shares; the host keeps it to start replacements. */
export interface PoolWorkerBoot {
  /** The pool's primitive id (its arena slot). */
  readonly id: number;
  readonly tasks: SharedArrayBuffer;
  readonly results: SharedArrayBuffer;
  /** PoolControl words (poolLayout.ts). */
  readonly control: SharedArrayBuffer;
  /** Exported name of the initializer, if any. */
  readonly initializer?: string;
  /** A worker leaves after this many task chunks, and the host starts a replacement. */
  readonly maxTasksPerChild?: number;
}

/** Worker → host control messages (trace data never goes this way: it uses the ring). */
export type WorkerRequest =
  | {
      readonly type: 'spawn';
      readonly workerId: number;
      readonly processSlot: number;
      readonly name: string;
      readonly target: string;
      readonly args: readonly unknown[];
      readonly daemon: boolean;
      readonly subclass?: SubclassState;
    }
  | {
      readonly type: 'terminate';
      readonly workerId: number;
      /** Python's kill(): recorded as SIGKILL (exit code -9) instead of SIGTERM (-15). */
      readonly kill?: boolean;
    }
  | {
      /** Start a pool's workers (ids allocated by the pool's owner), as daemons. */
      readonly type: 'poolSpawn';
      readonly workerIds: readonly number[];
      readonly pool: PoolWorkerBoot;
      /** The initargs, with shared primitives replaced by references. */
      readonly initargs: readonly unknown[];
    }
  | { readonly type: 'poolTerminate'; readonly pool: number }
  /** A SharedArrayBuffer named by id in a received item, never announced to this worker (see bufferRelay.ts). */
  | { readonly type: 'buffer'; readonly id: number }
  | { readonly type: 'failed'; readonly error: string };

export function isWorkerRequest(value: unknown): value is WorkerRequest {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'spawn' || type === 'terminate' || type === 'failed' || type === 'poolSpawn' || type === 'poolTerminate' || type === 'buffer';
}

/** Host → worker: the buffer a 'buffer' request asked for. */
export interface BufferReply {
  readonly type: 'buffer';
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
}

export function isBufferReply(value: unknown): value is BufferReply {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'buffer' && (value as { buffer?: unknown }).buffer instanceof SharedArrayBuffer;
}

/** The run's BroadcastChannel on which workers announce the SharedArrayBuffers items name by id. */
export function buffersChannelName(epoch: bigint): string {
  return `threadline-buffers-${epoch}`;
}
