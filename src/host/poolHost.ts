/**
 * The host's side of Pools: starts each pool's workers (daemons, children of the pool's
 * owner), keeps the live-worker count the owner's join() waits on, and replaces a worker that
 * left after `maxtasksperchild` chunks with a new SpawnPoolWorker-N, as Python's pool does.
 * The host never blocks: it only reads and bumps the pool's control words.
 */
import { asPrimitiveId, asWorkerId, type Millis, type WorkerId } from '../model/ids';
import type { TraceEvent } from '../model/trace';
import { EXIT_SEQ, Header } from '../runtime/arenaLayout';
import type { PoolWorkerBoot, WorkerRequest } from '../runtime/bootData';
import { PoolControl, PoolState, RingWord } from '../runtime/poolLayout';

/** The fields of a pool worker's boot that the pool decides; the supervisor adds the rest. */
export interface PoolWorkerStart {
  readonly workerId: number;
  readonly name: string;
  readonly parentId: number;
  readonly args: readonly unknown[];
  readonly pool: PoolWorkerBoot;
}

export interface PoolHostDeps {
  readonly arena: Int32Array;
  start(worker: PoolWorkerStart): void;
  terminate(worker: WorkerId): void;
  emit(event: TraceEvent): void;
  now(): Millis;
  /** False once the run is stopping or the main program has ended (daemons are going). */
  mayStartWorkers(): boolean;
}

interface HostedPool {
  readonly boot: PoolWorkerBoot;
  readonly initargs: readonly unknown[];
  readonly owner: number;
  readonly control: Int32Array;
  readonly tasks: Int32Array;
  readonly results: Int32Array;
  readonly workers: Set<WorkerId>;
}

/** What is waiting in a pool's rings right now, read from shared memory (the truth, not the trace). */
export interface PoolBacklog {
  /** Tasks submitted and not yet taken by a worker. */
  readonly tasks: boolean;
  /** Results sent back and not yet read by the owner. */
  readonly results: boolean;
}

const ringHasMessages = (header: Int32Array) => Atomics.load(header, RingWord.read) !== Atomics.load(header, RingWord.write);

export class PoolHost {
  private readonly pools = new Map<number, HostedPool>();
  private readonly poolOfWorker = new Map<WorkerId, HostedPool>();

  constructor(private readonly deps: PoolHostDeps) {}

  spawn(owner: WorkerId, request: Extract<WorkerRequest, { type: 'poolSpawn' }>): void {
    const pool: HostedPool = {
      boot: request.pool,
      initargs: request.initargs,
      owner,
      control: new Int32Array(request.pool.control),
      tasks: new Int32Array(request.pool.tasks, 0, 8),
      results: new Int32Array(request.pool.results, 0, 8),
      workers: new Set(),
    };
    this.pools.set(request.pool.id, pool);
    for (const id of request.workerIds) this.startWorker(pool, id);
  }

  /** Undefined for a pool this host did not start. */
  backlog(poolId: number): PoolBacklog | undefined {
    const pool = this.pools.get(poolId);
    return pool && { tasks: ringHasMessages(pool.tasks), results: ringHasMessages(pool.results) };
  }

  terminate(poolId: number): void {
    const pool = this.pools.get(poolId);
    if (pool) for (const worker of pool.workers) this.deps.terminate(worker);
  }

  /** Called for every worker exit; does nothing for workers that are not a pool's. */
  onWorkerExit(worker: WorkerId, exitCode: number): void {
    const pool = this.poolOfWorker.get(worker);
    if (!pool) return;
    this.poolOfWorker.delete(worker);
    pool.workers.delete(worker);
    const { control } = pool;
    this.deps.emit({ t: 'op', at: this.deps.now(), worker, primitive: asPrimitiveId(pool.boot.id), op: 'exit', seq: EXIT_SEQ });
    // A clean exit is a worker that served maxtasksperchild chunks: replace it while work may
    // remain. The new worker is counted before the old one is uncounted, so join() never sees 0
    // in between.
    if (exitCode === 0 && this.needsReplacement(pool)) {
      Atomics.add(control, PoolControl.liveWorkers, 1);
      this.startWorker(pool, Atomics.add(this.deps.arena, Header.nextWorker, 1));
    }
    Atomics.store(control, PoolControl.lastExit, worker);
    Atomics.sub(control, PoolControl.liveWorkers, 1);
    Atomics.add(control, PoolControl.doorbell, 1);
    Atomics.notify(control, PoolControl.doorbell);
  }

  private needsReplacement(pool: HostedPool): boolean {
    if (!this.deps.mayStartWorkers()) return false;
    const state = Atomics.load(pool.control, PoolControl.state);
    if (state === PoolState.terminated) return false;
    // Closed and drained: the remaining workers are leaving too.
    const drained = Atomics.load(pool.tasks, RingWord.closed) === 1 && !ringHasMessages(pool.tasks);
    return !drained;
  }

  private startWorker(pool: HostedPool, id: number): void {
    const worker = asWorkerId(id);
    pool.workers.add(worker);
    this.poolOfWorker.set(worker, pool);
    // Python's spawn context names pool workers SpawnPoolWorker-N, N from the process counter.
    this.deps.start({ workerId: id, name: `SpawnPoolWorker-${id}`, parentId: pool.owner, args: pool.initargs, pool: pool.boot });
  }
}
