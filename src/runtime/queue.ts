/**
 * Python's multiprocessing.Queue, JoinableQueue and SimpleQueue. Items travel by structured
 * clone into the queue's own SharedArrayBuffer (byteRing.ts, itemCodec.ts); shared primitives
 * inside items travel as references. put and get really block (Atomics.wait), with promise
 * twins for async code.
 *
 * Arena slot words (QueueSlot in arenaLayout.ts):
 *   0 count       items in the queue; getters (empty) and putters (full) park here
 *   1 waiters     workers parked on count
 *   2 lastPutWorker, 3 lastPutSeq   4 lastGetWorker, 5 lastGetSeq   (who to name on a wake)
 *   6 maxsize     0 = unbounded
 *   7 unfinished  JoinableQueue: put and not yet taskDone(); join() parks here
 * The buffer travels in the reference (SharedArrayBuffers are shared by structured clone).
 */
import { QueueSlot } from './arenaLayout';
import { normaliseTimeout, parkUntil } from './blocking';
import { ByteRing, MAX_ITEM_BYTES, RingWord } from './byteRing';
import { captureUserSite } from './callSite';
import { Channel, type TakenRecord } from './channel';
import { OSError } from './commErrors';
import { AssertionError, Empty, Full, ValueError } from './errors';
import { decodeItem, encodeItem, registerPrimitiveBuffer } from './itemCodec';
import { parkUntilAsync } from './parkAsync';
import { registerAttacher, SharedPrimitive, type PrimitiveOptions, type PrimitiveRef } from './primitive';

interface QueueRef extends PrimitiveRef {
  readonly buffer: SharedArrayBuffer;
}

type Kind = 'queue' | 'joinableQueue' | 'simpleQueue';

/** The machinery of all three queues; the public classes choose which of it to show. */
abstract class QueueBase extends SharedPrimitive {
  protected readonly channel: Channel;
  /** Python's close() is per process: this handle stops, other workers' handles go on. */
  protected closedHere = false;

  protected constructor(kind: Kind, className: string, maxsize: number, options: PrimitiveOptions | undefined, attach?: PrimitiveRef) {
    super(kind, className, options, attach);
    const ring = attach ? new ByteRing((attach as QueueRef).buffer) : ByteRing.create();
    registerPrimitiveBuffer(this.id, ring.buffer);
    this.channel = new Channel(this.ctx, this.base, ring, true, kind === 'joinableQueue');
    if (!attach) Atomics.store(this.ctx.arena, this.base + QueueSlot.maxsize, maxsize > 0 ? Math.floor(maxsize) : 0);
  }

  override toReference(): QueueRef {
    return { ...super.toReference(), buffer: this.channel.ring.buffer };
  }

  protected get maxsizeWord(): number {
    return Atomics.load(this.ctx.arena, this.base + QueueSlot.maxsize);
  }

  protected checkOpen(): void {
    if (this.closedHere) throw new ValueError(`Queue '${this.name}' is closed`);
  }

  protected encode(item: unknown): Uint8Array {
    const payload = encodeItem(item, `the item put on ${this.className()} '${this.name}'`);
    if (payload.length > MAX_ITEM_BYTES) {
      throw new ValueError(
        `the item put on ${this.className()} '${this.name}' is ${payload.length} bytes once cloned; a queue holds at most ` +
          `${MAX_ITEM_BYTES} bytes of pending items. Send it in pieces, or share a SharedArrayBuffer / Array instead.`,
      );
    }
    return payload;
  }

  protected className(): string {
    return this.kind === 'joinableQueue' ? 'JoinableQueue' : this.kind === 'simpleQueue' ? 'SimpleQueue' : 'Queue';
  }

  protected putImpl(item: unknown, block: boolean, timeoutMs: number | null | undefined): void {
    this.checkOpen();
    const payload = this.encode(item);
    const { tracer } = this.ctx;
    const seq = tracer.nextOpSeq();
    const maxsize = this.maxsizeWord;
    if (!this.channel.tryPush(payload, seq, maxsize)) {
      if (!block) throw new Full();
      const timeout = normaliseTimeout(timeoutMs);
      tracer.waitBegin('put', this.id, timeout, captureUserSite());
      this.channel.addWaiter(1);
      const done = parkUntil(this.ctx.arena, this.channel.countIndex, () => this.channel.tryPush(payload, seq, maxsize), timeout);
      this.channel.addWaiter(-1);
      this.endPutWait(done);
      if (!done) throw new Full();
    }
    this.afterPut(seq);
  }

  protected async putAsyncImpl(item: unknown, timeoutMs: number | null | undefined): Promise<void> {
    this.checkOpen();
    const payload = this.encode(item);
    const { tracer } = this.ctx;
    const seq = tracer.nextOpSeq();
    const maxsize = this.maxsizeWord;
    if (!this.channel.tryPush(payload, seq, maxsize)) {
      const timeout = normaliseTimeout(timeoutMs);
      tracer.waitBegin('put', this.id, timeout, captureUserSite());
      this.channel.addWaiter(1);
      const done = await parkUntilAsync(this.ctx.arena, this.channel.countIndex, () => this.channel.tryPush(payload, seq, maxsize), timeout);
      this.channel.addWaiter(-1);
      this.endPutWait(done);
      if (!done) throw new Full();
    }
    this.afterPut(seq);
  }

  private endPutWait(done: boolean): void {
    const { arena, tracer } = this.ctx;
    if (done) {
      tracer.waitEnd('woken', this.id, Atomics.load(arena, this.base + QueueSlot.lastGetWorker), 'get', Atomics.load(arena, this.base + QueueSlot.lastGetSeq));
    } else {
      tracer.waitEnd('timeout', this.id);
    }
  }

  private afterPut(seq: number): void {
    // Recorded after the item is visible, outside the ring's mutex.
    this.ctx.tracer.op('put', this.id, seq);
    this.channel.notifyWaiters();
  }

  protected getImpl(block: boolean, timeoutMs: number | null | undefined): unknown {
    this.checkOpen();
    let taken = this.channel.tryTake();
    if (!taken) {
      if (!block) throw new Empty();
      const { tracer } = this.ctx;
      const timeout = normaliseTimeout(timeoutMs);
      tracer.waitBegin('get', this.id, timeout, captureUserSite());
      this.channel.addWaiter(1);
      parkUntil(this.ctx.arena, this.channel.countIndex, (count) => count > 0 && (taken = this.channel.tryTake()) !== undefined, timeout);
      this.channel.addWaiter(-1);
      this.endGetWait(taken);
      if (!taken) throw new Empty();
    }
    return this.afterGet(taken);
  }

  protected async getAsyncImpl(timeoutMs: number | null | undefined): Promise<unknown> {
    this.checkOpen();
    let taken = this.channel.tryTake();
    if (!taken) {
      const { tracer } = this.ctx;
      const timeout = normaliseTimeout(timeoutMs);
      tracer.waitBegin('get', this.id, timeout, captureUserSite());
      this.channel.addWaiter(1);
      await parkUntilAsync(this.ctx.arena, this.channel.countIndex, (count) => count > 0 && (taken = this.channel.tryTake()) !== undefined, timeout);
      this.channel.addWaiter(-1);
      this.endGetWait(taken);
      if (!taken) throw new Empty();
    }
    return this.afterGet(taken);
  }

  private endGetWait(taken: TakenRecord | undefined): void {
    // The record says exactly whose put this item was: that put is the wake's cause.
    if (taken) this.ctx.tracer.waitEnd('woken', this.id, taken.worker, 'put', taken.seq);
    else this.ctx.tracer.waitEnd('timeout', this.id);
  }

  private afterGet(taken: TakenRecord): unknown {
    this.ctx.tracer.op('get', this.id, taken.takeSeq);
    this.channel.notifyWaiters();
    return decodeItem(taken.payload, `the item got from ${this.className()} '${this.name}'`);
  }

  protected closeImpl(): void {
    if (this.closedHere) return;
    this.closedHere = true;
    this.ctx.tracer.op('close', this.id, this.ctx.tracer.nextOpSeq());
  }
}

/** Python's multiprocessing.Queue(maxsize=0): FIFO, bounded when maxsize > 0. */
export class Queue extends QueueBase {
  /** `attach` and `as` are the runtime's own (a reference from another worker; JoinableQueue). */
  constructor(maxsize = 0, options?: PrimitiveOptions, attach?: PrimitiveRef, as: 'queue' | 'joinableQueue' = 'queue') {
    super(as, as === 'queue' ? 'Queue' : 'JoinableQueue', maxsize, options, attach);
  }

  get kind(): 'queue' | 'joinableQueue' {
    return 'queue';
  }

  /** The queue's bound, as given (0: unbounded). */
  get maxsize(): number {
    return this.maxsizeWord;
  }

  /**
   * Python's `put(obj, block=True, timeout=None)`. Blocks while the queue is full; raises Full
   * when `block` is false and there is no room, or when `timeoutMs` passes.
   */
  put(item: unknown, block = true, timeoutMs?: number | null): void {
    this.putImpl(item, block, timeoutMs);
  }

  /**
   * Python's `get(block=True, timeout=None)`: the oldest item. Blocks while the queue is empty;
   * raises Empty when `block` is false and there is none, or when `timeoutMs` passes.
   */
  get(block = true, timeoutMs?: number | null): unknown {
    return this.getImpl(block, timeoutMs);
  }

  putNowait(item: unknown): void {
    this.putImpl(item, false, undefined);
  }

  getNowait(): unknown {
    return this.getImpl(false, undefined);
  }

  /** `put` for async code: waits for room without blocking the thread. */
  putAsync(item: unknown, timeoutMs?: number | null): Promise<void> {
    return this.putAsyncImpl(item, timeoutMs);
  }

  /** `get` for async code: waits for an item without blocking the thread. */
  getAsync(timeoutMs?: number | null): Promise<unknown> {
    return this.getAsyncImpl(timeoutMs);
  }

  /** The number of items now (exact here; Python calls its own approximate). */
  qsize(): number {
    return this.channel.count();
  }

  empty(): boolean {
    return this.channel.count() === 0;
  }

  full(): boolean {
    const maxsize = this.maxsizeWord;
    return maxsize > 0 && this.channel.count() >= maxsize;
  }

  /** No more puts or gets through this handle (Python: by this process); others go on. */
  close(): void {
    this.closeImpl();
  }

  /** Python waits for its feeder thread here; puts are synchronous in Threadline, so it only checks. */
  joinThread(): void {
    if (!this.closedHere) throw new AssertionError(`Queue '${this.name}' not closed`);
  }

  /** A no-op: there is no feeder thread whose flush could be skipped. */
  cancelJoinThread(): void {}
}

/** Python's JoinableQueue: a Queue whose consumers call taskDone() and whose join() waits for them. */
export class JoinableQueue extends Queue {
  constructor(maxsize = 0, options?: PrimitiveOptions, attach?: PrimitiveRef) {
    super(maxsize, options, attach, 'joinableQueue');
  }

  override get kind(): 'joinableQueue' {
    return 'joinableQueue';
  }

  /** Marks one got item done; raises ValueError when called more times than items were put. */
  taskDone(): void {
    const { arena, tracer, workerId } = this.ctx;
    const index = this.base + QueueSlot.unfinished;
    const seq = tracer.nextOpSeq();
    const header = this.channel.ring.header;
    for (;;) {
      const unfinished = Atomics.load(arena, index);
      if (unfinished <= 0) throw new ValueError('task_done() called too many times');
      // The cause first, so a joiner that sees 0 names this call.
      Atomics.store(header, RingWord.lastTaskDoneWorker, workerId);
      Atomics.store(header, RingWord.lastTaskDoneSeq, seq);
      if (Atomics.compareExchange(arena, index, unfinished, unfinished - 1) === unfinished) {
        tracer.op('taskDone', this.id, seq);
        if (unfinished === 1) Atomics.notify(arena, index);
        return;
      }
    }
  }

  /** Blocks until every item ever put has been marked done with taskDone(). */
  join(): void {
    const { arena, tracer } = this.ctx;
    const index = this.base + QueueSlot.unfinished;
    if (Atomics.load(arena, index) === 0) return;
    tracer.waitBegin('queueJoin', this.id, undefined, captureUserSite());
    parkUntil(arena, index, (unfinished) => unfinished === 0, undefined);
    this.endJoinWait();
  }

  /** `join` for async code. */
  async joinAsync(): Promise<void> {
    const { arena, tracer } = this.ctx;
    const index = this.base + QueueSlot.unfinished;
    if (Atomics.load(arena, index) === 0) return;
    tracer.waitBegin('queueJoin', this.id, undefined, captureUserSite());
    await parkUntilAsync(arena, index, (unfinished) => unfinished === 0, undefined);
    this.endJoinWait();
  }

  private endJoinWait(): void {
    const header = this.channel.ring.header;
    this.ctx.tracer.waitEnd('woken', this.id, Atomics.load(header, RingWord.lastTaskDoneWorker), 'taskDone', Atomics.load(header, RingWord.lastTaskDoneSeq));
  }
}

/** Python's SimpleQueue: an unbounded queue with only put, get, empty and close. */
export class SimpleQueue extends QueueBase {
  constructor(options?: PrimitiveOptions, attach?: PrimitiveRef) {
    super('simpleQueue', 'SimpleQueue', 0, options, attach);
  }

  get kind(): 'simpleQueue' {
    return 'simpleQueue';
  }

  put(item: unknown): void {
    this.putImpl(item, true, undefined);
  }

  get(): unknown {
    return this.getImpl(true, undefined);
  }

  getAsync(): Promise<unknown> {
    return this.getAsyncImpl(undefined);
  }

  empty(): boolean {
    return this.channel.count() === 0;
  }

  close(): void {
    this.closeImpl();
  }

  protected override checkOpen(): void {
    if (this.closedHere) throw new OSError('handle is closed');
  }
}

registerAttacher('queue', (ref) => new Queue(0, undefined, ref));
registerAttacher('joinableQueue', (ref) => new JoinableQueue(0, undefined, ref));
registerAttacher('simpleQueue', (ref) => new SimpleQueue(undefined, ref));
