/**
 * The run supervisor: starts the program's main worker and every Process it asks for, drains
 * their trace rings, forwards what it drained to its parent as record blocks (with the events
 * it makes itself), and keeps only what its detectors read. Its own thread never blocks: all
 * blocking happens in the workers.
 */
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { asMillis, asPrimitiveId, asWorkerId, MAIN_WORKER_ID, MAIN_WORKER_NAME, type PrimitiveId, type WorkerId } from '../model/ids';
import { PROTOCOL_VERSION, type BatchPart, type HostMessage, type RunEnd, type RunInfo } from '../model/messages';
import { RecordBlockCursor } from '../model/recordBlock';
import { decodeSite, opRunEffect, readOpRun, readPassedWait, RecordType } from '../model/records';
import { RunModel } from '../model/runModel';
import { SEMAPHORE_KINDS } from '../model/semaphoreHolds';
import { OP_KINDS, type TraceEvent } from '../model/trace';
import { createRingBuffer } from '../model/traceRing';
import { ARENA_BYTES, EXIT_SEQ, Header, ProcessSlot, ProcessState, slotBase } from '../runtime/arenaLayout';
import { isWorkerRequest, type WorkerBoot, type WorkerRequest } from '../runtime/bootData';
import { workerExecArgv } from './launch';
import { BufferRelay } from './bufferRelay';
import { PoolHost } from './poolHost';
import { ORDERED_KINDS } from './detectors/lockOrderDetector';
import { RunDetectors } from './detectors/runDetectors';
import { descendantsOf, killAll } from './processTree';
import { HostedWorker } from './workerSlot';

export interface SupervisorOptions {
  /** Bytes of trace ring per worker. */
  readonly ringBytes: number;
  /** How often rings are drained (ms). */
  readonly drainIntervalMs: number;
  /** How often drained events are sent to the parent (ms). */
  readonly flushIntervalMs: number;
  /** Heap limit of each worker (MB, `resourceLimits.maxOldGenerationSizeMb`); Node's default when absent. */
  readonly workerMemoryMb?: number;
}

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = { ringBytes: 8 << 20, drainIntervalMs: 5, flushIntervalMs: 50 };

/** Python's exit code for a process ended by terminate(): minus SIGTERM. */
const TERMINATED_EXIT_CODE = -15;
/** Python's exit code for a process ended by kill(): minus SIGKILL. */
const KILLED_EXIT_CODE = -9;
const STOP_GRACE_MS = 1000;
/**
 * Record bytes per block and per message (about 32 k records): a receiver decodes a message in
 * one go, and a flood must not stall its event loop for seconds.
 */
export const MAX_MESSAGE_BYTES = 1 << 20;
/** Ops the host's model folds: who holds a Semaphore (Lock and RLock ops go to observeLockOp). */
const OBSERVED_OP_KINDS: ReadonlySet<string> = new Set(SEMAPHORE_KINDS);
/** A drain takes at most this many bounded pieces from one ring (8 MB at the default bound). */
const MAX_PIECES_PER_DRAIN = 8;
/** What a host-made event weighs against record bytes when a flush is cut into messages. */
const EVENT_BYTES_ESTIMATE = 64;
/** Threads kept started ahead of need, so a Process starts without a thread's start-up cost. */
const WARM_THREADS = 3;

export class RunSupervisor {
  /**
   * What the detectors read: current states, primitives, findings; no history (the receivers
   * keep that), so the host's work and memory per record stay small.
   */
  readonly model = new RunModel({ history: false, opCounts: false });
  readonly run: RunInfo;
  private readonly epoch = process.hrtime.bigint();
  private readonly arenaBuffer = new SharedArrayBuffer(ARENA_BYTES);
  private readonly arena = new Int32Array(this.arenaBuffer);
  private readonly workers = new Map<WorkerId, HostedWorker>();
  private readonly distDir: string;
  /** The batch being collected for the next flush, in the order things happened to the host. */
  private parts: BatchPart[] = [];
  /** The open run of host-made events at the end of `parts`, if any. */
  private hostEvents: TraceEvent[] | undefined;
  private seq = 0;
  private drainTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private mainExited = false;
  private stopping = false;
  private ended = false;
  private recordsWritten = 0;
  private readonly detectors: RunDetectors;
  private readonly warm: Worker[] = [];
  private recordsDropped = 0;
  private readonly buffers = new BufferRelay(this.epoch);
  private readonly pools = new PoolHost({
    arena: this.arena,
    start: (w) =>
      this.spawn({
        role: 'poolWorker',
        workerId: w.workerId,
        name: w.name,
        arena: this.arenaBuffer,
        ring: createRingBuffer(this.options.ringBytes),
        epoch: this.epoch,
        moduleUrl: pathToFileURL(this.programPath).href,
        args: w.args,
        parentId: w.parentId,
        daemon: true,
        pool: w.pool,
      }),
    terminate: (id) => {
      const worker = this.workers.get(id);
      if (worker) this.terminate(worker);
    },
    emit: (event) => this.emit(event),
    now: () => this.now(),
    mayStartWorkers: () => !this.stopping && !this.mainExited,
  });

  constructor(
    private readonly programPath: string,
    private readonly send: (message: HostMessage) => void,
    private readonly options: SupervisorOptions = DEFAULT_SUPERVISOR_OPTIONS,
    distDir?: string,
  ) {
    this.distDir = distDir ?? __dirname;
    this.detectors = new RunDetectors(this.model, this.arena, (pool) => this.pools.backlog(pool));
    // Worker ids start after MainProcess's 0.
    Atomics.store(this.arena, Header.nextWorker, 1);
    this.run = { runId: `${Date.now().toString(36)}-${process.pid}`, program: programPath, startedAtEpochMs: Date.now() };
  }

  start(): void {
    this.send({ type: 'hello', protocol: PROTOCOL_VERSION, run: this.run });
    this.spawn({
      role: 'main',
      workerId: MAIN_WORKER_ID,
      name: MAIN_WORKER_NAME,
      arena: this.arenaBuffer,
      ring: createRingBuffer(this.options.ringBytes),
      epoch: this.epoch,
      moduleUrl: pathToFileURL(this.programPath).href,
      daemon: false,
    });
    this.drainTimer = setInterval(() => this.drain(), this.options.drainIntervalMs);
    this.flushTimer = setInterval(() => this.flush(), this.options.flushIntervalMs);
  }

  /** Ends every worker (Stop). The run ends once they have all exited. */
  stop(): void {
    if (this.ended || this.stopping) return;
    this.stopping = true;
    this.endWarmThreads();
    for (const worker of this.workers.values()) this.terminate(worker);
    this.finishIfDone();
    // terminate() cannot interrupt a native blocking call (execSync, a busy addon): after a
    // grace period such workers are recorded as killed and the host ends the hard way.
    setTimeout(() => this.forceEnd(), STOP_GRACE_MS).unref();
  }

  private forceEnd(): void {
    if (this.ended) return;
    const at = this.now();
    for (const worker of this.workers.values()) {
      if (worker.exited) continue;
      worker.exited = true;
      this.drainWorker(worker);
      this.emit({ t: 'workerExit', at, worker: worker.id, exitCode: KILLED_EXIT_CODE, error: 'killed: the worker did not stop within 1 s of Stop (blocked in native code?)' });
    }
    // Children first: nothing that follows (telling a parent that may be gone) may leave them behind.
    killAll(descendantsOf(process.pid));
    this.finishIfDone();
    this.onForcedEnd?.();
  }

  /** Called after a forced end: the host process must exit, its stuck threads cannot be joined. */
  onForcedEnd: (() => void) | undefined;

  private now() {
    return asMillis(Number(process.hrtime.bigint() - this.epoch) / 1e6);
  }

  /** A thread started ahead of need; it waits for its boot data (see workerEntry.ts). */
  private startThread(): Worker {
    return new Worker(join(this.distDir, 'worker.mjs'), {
      workerData: { prewarm: true },
      execArgv: workerExecArgv(),
      // A worker past its heap limit is ended alone (ERR_WORKER_OUT_OF_MEMORY); the host lives on.
      ...(this.options.workerMemoryMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: this.options.workerMemoryMb } } : {}),
      stdout: true,
      stderr: true,
    });
  }

  private takeThread(): Worker {
    const thread = this.warm.shift() ?? this.startThread();
    // The reserve starts with MainProcess's thread, not after it is online: a thread's start
    // is ~70 ms of CPU here, so a program that makes a Pool or a Process at once waited for the
    // reserve (Pool(2) start + first result: medians ~110 ms, ~25 ms starting it at once), and
    // its own start came no sooner (the first result, from the run's start, ~500 → ~450 ms).
    setImmediate(() => this.refillWarm());
    return thread;
  }

  private refillWarm(): void {
    while (!this.ended && !this.stopping && this.warm.length < WARM_THREADS) {
      const thread = this.startThread();
      // A warm thread that dies before use (out of memory, say) simply leaves the reserve.
      thread.once('exit', () => {
        const index = this.warm.indexOf(thread);
        if (index >= 0) this.warm.splice(index, 1);
      });
      this.warm.push(thread);
    }
  }

  private endWarmThreads(): void {
    for (const thread of this.warm.splice(0)) void thread.terminate();
  }

  private spawn(boot: WorkerBoot): void {
    const id = asWorkerId(boot.workerId);
    // Read before the boot is posted: a warm thread starts the moment it gets it, and its first
    // records must not come before its start on the run's clock (a batch is put in time order,
    // and a model drops the states of a worker it has not seen start).
    const startedAt = this.now();
    const thread = this.takeThread();
    const parentName = boot.parentId !== undefined ? this.workers.get(asWorkerId(boot.parentId))?.name : undefined;
    thread.postMessage({ boot: parentName !== undefined ? { ...boot, parentName } : boot });
    const worker = new HostedWorker(id, boot.name, thread, boot.ring, boot.daemon, boot.processSlot);
    this.workers.set(id, worker);
    this.emit({
      t: 'workerStart',
      at: startedAt,
      worker: id,
      name: boot.name,
      role: boot.role,
      ...(boot.parentId !== undefined ? { parent: asWorkerId(boot.parentId) } : {}),
      daemon: boot.daemon,
      ...(boot.target !== undefined ? { target: boot.target } : {}),
      ...(boot.pool ? { pool: asPrimitiveId(boot.pool.id) } : {}),
    });
    // Output that bypasses console capture (native writes) still reaches the trace.
    thread.stdout.on('data', (chunk: Buffer) => this.emitRawOutput(worker, 'stdout', chunk));
    thread.stderr.on('data', (chunk: Buffer) => this.emitRawOutput(worker, 'stderr', chunk));
    thread.on('message', (message: unknown) => {
      if (isWorkerRequest(message)) this.handleRequest(worker, message);
    });
    thread.on('error', (error: Error) => {
      if (isOutOfMemory(error)) worker.error = outOfMemoryMessage(worker.name, this.options.workerMemoryMb);
      else worker.error ??= error.stack ?? String(error);
    });
    thread.on('exit', (code: number) => this.onExit(worker, code));
  }

  private handleRequest(from: HostedWorker, request: WorkerRequest): void {
    switch (request.type) {
      case 'spawn':
        if (this.stopping) return;
        this.spawn({
          role: 'process',
          workerId: request.workerId,
          name: request.name,
          arena: this.arenaBuffer,
          ring: createRingBuffer(this.options.ringBytes),
          epoch: this.epoch,
          moduleUrl: pathToFileURL(this.programPath).href,
          target: request.target,
          args: request.args,
          processSlot: request.processSlot,
          parentId: from.id,
          daemon: request.daemon,
          ...(request.subclass ? { subclass: request.subclass } : {}),
        });
        return;
      case 'terminate': {
        const target = this.workers.get(asWorkerId(request.workerId));
        if (target) this.terminate(target, request.kill ? KILLED_EXIT_CODE : TERMINATED_EXIT_CODE);
        return;
      }
      case 'failed':
        from.error = request.error;
        return;
      case 'poolSpawn':
        if (!this.stopping) this.pools.spawn(from.id, request);
        return;
      case 'poolTerminate':
        this.pools.terminate(request.pool);
        return;
      case 'buffer':
        this.buffers.request(request.id, from.thread);
        return;
    }
  }

  private terminate(worker: HostedWorker, exitCode = TERMINATED_EXIT_CODE): void {
    if (worker.exited || worker.terminatedByHost) return;
    worker.terminatedByHost = true;
    worker.terminatedExitCode = exitCode;
    void worker.thread.terminate();
  }

  private onExit(worker: HostedWorker, code: number): void {
    worker.exited = true;
    // Everything the worker wrote comes before its exit in the trace, and so does everything the
    // others wrote so far: the exit's own events name primitives (its process slot, its pool)
    // whose creation may still sit in another worker's ring, and the model drops an op on a
    // primitive it has not seen created.
    for (const other of this.workers.values()) this.drainWorker(other);
    const exitCode = worker.terminatedByHost ? worker.terminatedExitCode : code;
    const at = this.now();
    if (worker.processSlot !== undefined) {
      // Joiners park on the state word; they read the exit code after it changes.
      const base = slotBase(worker.processSlot);
      Atomics.store(this.arena, base + ProcessSlot.exitCode, exitCode);
      Atomics.store(this.arena, base + ProcessSlot.lastWorker, worker.id);
      Atomics.store(this.arena, base + ProcessSlot.lastSeq, EXIT_SEQ);
      this.emit({ t: 'op', at, worker: worker.id, primitive: asPrimitiveId(worker.processSlot), op: 'exit', seq: EXIT_SEQ });
      Atomics.store(this.arena, base + ProcessSlot.state, ProcessState.exited);
      Atomics.notify(this.arena, base + ProcessSlot.state);
    }
    this.emit({ t: 'workerExit', at, worker: worker.id, exitCode, ...(worker.error !== undefined && exitCode !== 0 ? { error: worker.error } : {}) });
    this.pools.onWorkerExit(worker.id, exitCode);
    if (!this.stopping) for (const problem of this.detectors.onExit(worker.id, at)) this.emit({ t: 'problem', at, problem });
    if (worker.id === MAIN_WORKER_ID) {
      this.mainExited = true;
      // Python ends daemonic children when the main process ends, then joins the others.
      for (const other of this.workers.values()) if (other.daemon) this.terminate(other);
    }
    this.finishIfDone();
  }

  private finishIfDone(): void {
    if (this.ended) return;
    if (!this.mainExited && !this.stopping) return;
    for (const worker of this.workers.values()) if (!worker.exited) return;
    this.ended = true;
    this.endWarmThreads();
    this.buffers.close();
    clearInterval(this.drainTimer);
    clearInterval(this.flushTimer);
    this.drain();
    this.flush();
    const main = this.model.workers.get(MAIN_WORKER_ID);
    const end: RunEnd = {
      exitCode: this.stopping ? TERMINATED_EXIT_CODE : (main?.exitCode ?? 1),
      durationMs: this.now(),
      reason: this.stopping ? 'stopped' : 'exited',
      records: { written: this.recordsWritten, dropped: this.recordsDropped },
    };
    this.send({ type: 'runEnd', end });
  }

  private drain(): void {
    for (const worker of this.workers.values()) this.drainWorker(worker);
    if (this.ended || this.stopping) return;
    const problems = this.detectors.check(this.now(), (w) => this.workers.get(w.id)?.exited === false, this.spawnsPending());
    for (const problem of problems) this.emit({ t: 'problem', at: problem.detectedAt, problem });
  }

  /** A Process marked started whose spawn request has not reached the host yet. */
  private spawnsPending(): boolean {
    for (const primitive of this.model.primitives.values()) {
      if (primitive.kind !== 'process') continue;
      const base = slotBase(primitive.id);
      const state = Atomics.load(this.arena, base + ProcessSlot.state);
      if (state === ProcessState.started && !this.workers.has(asWorkerId(Atomics.load(this.arena, base + ProcessSlot.workerId)))) return true;
    }
    return false;
  }

  private drainWorker(worker: HostedWorker): void {
    // Bounded: a writer that keeps up with the copy cannot keep the host here for ever.
    for (let piece = 0; piece < MAX_PIECES_PER_DRAIN; piece++) {
      const taken = worker.reader.take(MAX_MESSAGE_BYTES, this.now());
      if (!taken) break;
      this.recordsWritten += taken.count;
      this.hostEvents = undefined;
      this.parts.push({ kind: 'records', block: { worker: worker.id, bytes: taken.bytes } });
      this.observe(worker, taken.bytes);
    }
    const dropped = worker.reader.takeDropped();
    if (dropped > 0) {
      this.recordsDropped += dropped;
      this.emit({ t: 'dropped', at: this.now(), worker: worker.id, count: dropped });
    }
  }

  /**
   * Folds into the host's model only the records its detectors read (waits, creations, ops on
   * locks and semaphores); the rest (ops on other primitives, output, tasks) is left to the
   * receivers, without decoding it here.
   */
  private observe(worker: HostedWorker, bytes: Uint8Array): void {
    const cursor = new RecordBlockCursor(bytes);
    while (cursor.next()) {
      const type = cursor.type;
      if (type === RecordType.op || type === RecordType.opRun) {
        const kind = this.model.primitives.get(cursor.primitive as PrimitiveId)?.kind;
        if (kind !== undefined && ORDERED_KINDS.has(kind)) {
          if (type === RecordType.op) this.observeLockOp(worker.id, cursor);
          else this.observeLockRun(worker.id, cursor);
          continue;
        }
        if (kind === undefined || !OBSERVED_OP_KINDS.has(kind)) continue;
      } else if (type === RecordType.waitOver) {
        if (this.observePassedWait(worker.id, cursor)) continue;
      } else if (type !== RecordType.primitiveCreate && type !== RecordType.waitBegin && type !== RecordType.waitEnd) continue;
      worker.decoder.decode(cursor, this.fold);
    }
  }

  /**
   * Lock and RLock ops go to the lock-order check straight from the record: the host's model
   * has no use for them (it reads lock owners from the arena), and a lock loop makes millions.
   */
  private observeLockOp(worker: WorkerId, cursor: RecordBlockCursor): void {
    const op = OP_KINDS[cursor.a];
    if (op === undefined) return;
    const problem = this.detectors.observeLockOp(worker, cursor.primitive as PrimitiveId, op, asMillis(cursor.time), decodeSite(cursor.text));
    if (problem) this.emit({ t: 'problem', at: problem.detectedAt, problem });
  }

  /**
   * A wait that was over when written, folded without its events (RunModel.tallyWait): the
   * detectors read only current states, and the lock-order check what a lock wait says.
   * False when the model wants the events.
   */
  private observePassedWait(worker: WorkerId, cursor: RecordBlockCursor): boolean {
    const passed = readPassedWait(cursor);
    if (!passed || !this.model.tallyWait(worker, passed)) return false;
    for (const problem of this.detectors.observePassedLockWait(worker, passed)) this.emit({ t: 'problem', at: problem.detectedAt, problem });
    return true;
  }

  /** A run of a lock's ops, as the few of them that change who holds what (see opRunEffect). */
  private observeLockRun(worker: WorkerId, cursor: RecordBlockCursor): void {
    const run = readOpRun(cursor);
    if (!run) return;
    const at = asMillis(cursor.time);
    for (const op of opRunEffect(run)) {
      const problem = this.detectors.observeLockOp(worker, cursor.primitive as PrimitiveId, op, at, undefined);
      if (problem) this.emit({ t: 'problem', at: problem.detectedAt, problem });
    }
  }

  private readonly fold = (event: TraceEvent): void => {
    this.model.apply(event);
    const problem = this.detectors.observe(event);
    if (problem) this.emit({ t: 'problem', at: problem.detectedAt, problem });
  };

  private emit(event: TraceEvent): void {
    if (!this.hostEvents) this.parts.push({ kind: 'events', events: (this.hostEvents = []) });
    this.hostEvents.push(event);
    this.model.apply(event);
  }

  private emitRawOutput(worker: HostedWorker, stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const text = chunk.toString('utf8').replace(/\n$/, '');
    this.emit({ t: 'output', at: this.now(), worker: worker.id, stream, text });
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.hostEvents = undefined;
    // Bounded messages: a busy program can make hundreds of thousands of records between flushes.
    let message: BatchPart[] = [];
    let bytes = 0;
    for (const part of parts) {
      const size = part.kind === 'records' ? part.block.bytes.byteLength : part.events.length * EVENT_BYTES_ESTIMATE;
      if (message.length > 0 && bytes + size > MAX_MESSAGE_BYTES) {
        this.send({ type: 'batch', seq: ++this.seq, parts: message });
        message = [];
        bytes = 0;
      }
      message.push(part);
      bytes += size;
    }
    this.send({ type: 'batch', seq: ++this.seq, parts: message });
  }
}

function isOutOfMemory(error: Error): boolean {
  return (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/** Python's name for it, the limit, and where to change it. */
function outOfMemoryMessage(name: string, limitMb: number | undefined): string {
  const limit = limitMb !== undefined ? `its ${limitMb} MB heap limit (threadline.maxWorkerMemoryMb, --max-worker-memory-mb)` : 'the heap limit';
  return `MemoryError: ${name} ran out of memory: it reached ${limit} and was ended; the other workers go on`;
}

export function defaultDistDir(): string {
  return dirname(__filename);
}
