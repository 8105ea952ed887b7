/**
 * Writes this thread's trace records. Cheap by design: no allocation on the fast path, one
 * clock read per record, and stacks captured only by callers that are about to block.
 */
import { performance } from 'node:perf_hooks';
import { CHUNK_FAILED, encodeCreate, encodeSite, MAX_OP_RUN, NO_ACQUIRE, NO_PRIMITIVE, NO_TIMEOUT, NO_WORKER, OUTPUT_CONTINUES, OUTPUT_HAS_SITE, OUTPUT_SITE_END, OP_RUN_PAIRS, RecordType, TASK_ARG_INT32 } from '../model/records';
import { TIME_IS_LOWER_BOUND } from '../model/recordBlock';
import type { TraceRingWriter } from '../model/traceRing';
import { OP_KINDS, PRIMITIVE_KINDS, WAIT_KINDS, WAIT_OUTCOMES, type OpKind, type PrimitiveKind, type SourceSite, type WaitKind, type WaitOutcome } from '../model/trace';

const OUTPUT_CHUNK_CHARS = 4096;
/** How long a console line may wait for room in a full ring before it too is counted as dropped. */
const OUTPUT_MAX_WAIT_MS = 1000;
/** How long the record of an untimed wait may wait for room: deadlock and hang verdicts rest on it. */
const UNTIMED_WAIT_MAX_WAIT_MS = 100;

/** hrtime-since-epoch minus performance.now(), from the tightest of a few bracketing reads. */
function clockOffset(epoch: bigint): number {
  let best = Infinity;
  let offset = 0;
  for (let i = 0; i < 5; i++) {
    const before = process.hrtime.bigint();
    const perf = performance.now();
    const after = process.hrtime.bigint();
    const width = Number(after - before);
    if (width < best) {
      best = width;
      offset = Number((before + after) / 2n - epoch) / 1e6 - perf;
    }
  }
  return offset;
}

/** Each name's index in its list, as the record field: a property read instead of a search per record. */
function codes<K extends string>(names: readonly K[]): Readonly<Record<K, number>> {
  return Object.fromEntries(names.map((name, index) => [name, index])) as Record<K, number>;
}
const OP_CODE = codes(OP_KINDS);
const WAIT_CODE = codes(WAIT_KINDS);
const OUTCOME_CODE = codes(WAIT_OUTCOMES);
/** By op code, the code of the op that extends a run after it (-1: none does). */
const RUN_NEXT_CODE: readonly number[] = OP_KINDS.map((op) => {
  const next = OP_RUN_PAIRS[op];
  return next === undefined ? -1 : OP_CODE[next];
});

/** A wait's timeout as a record field: whole ms, NO_TIMEOUT for none. */
function timeoutField(timeoutMs: number | undefined): number {
  return timeoutMs === undefined ? NO_TIMEOUT : Math.min(Math.round(timeoutMs), 0x7fffffff);
}

/** A wait's cause (the waker's op) in the bits above the outcome's; 0 without a cause. */
function causeBits(by: number | undefined, op: OpKind | undefined): number {
  return by === undefined || op === undefined ? 0 : OP_CODE[op] << 8;
}

export class Tracer {
  private opSeq = 0;

  constructor(
    private readonly ring: TraceRingWriter,
    epoch: bigint,
    readonly workerId: number,
    /**
     * Off only for benchmarks (THREADLINE_TRACE=off): no trace record is made (the program's
     * output still is); everything else runs the same.
     */
    readonly enabled = true,
  ) {
    this.offset = clockOffset(epoch);
  }

  /**
   * Milliseconds since run start, on the clock every thread shares (process.hrtime). Read as
   * performance.now() plus this thread's offset: the same monotonic clock with a per-thread
   * origin, without allocating a BigInt (and its garbage) on every record.
   */
  now(): number {
    return (this.lastNow = performance.now() + this.offset);
  }

  private readonly offset: number;
  /** The last clock read: a lower bound for the time of anything that happens next. */
  private lastNow = 0;

  /** A fresh sequence number for an operation that may wake someone. */
  nextOpSeq(): number {
    return ++this.opSeq;
  }

  primitiveCreated(primitive: number, kind: PrimitiveKind, name: string, site: SourceSite | undefined): void {
    if (!this.enabled) return;
    this.ring.write(RecordType.primitiveCreate, primitive, this.now(), PRIMITIVE_KINDS.indexOf(kind), 0, 0, encodeCreate(name, site));
  }

  /**
   * `at`: when the wait began, if that was before this record (a wait that spun first).
   * `over`: the wait has ended already (its end record follows at once); it then never waits
   * for room, which would stall a worker that may hold what it just acquired.
   */
  waitBegin(wait: WaitKind, primitive: number | undefined, timeoutMs: number | undefined, site: SourceSite | undefined, at?: number, over = false): void {
    if (!this.enabled) return;
    const timeout = timeoutField(timeoutMs);
    const slot = primitive ?? NO_PRIMITIVE;
    const when = at ?? this.now();
    const kind = WAIT_CODE[wait];
    const siteText = site ? encodeSite(site) : undefined;
    // The worker is about to block anyway, so a short wait for room costs nothing that matters:
    // deadlock and hang verdicts rest on this record.
    if (timeoutMs === undefined && !over) this.ring.writeWaiting(UNTIMED_WAIT_MAX_WAIT_MS, RecordType.waitBegin, slot, when, kind, timeout, 0, siteText);
    else this.ring.write(RecordType.waitBegin, slot, when, kind, timeout, 0, siteText);
  }

  /**
   * A wait that is over (it began at `began`, ends now) in one record: for waits that spun or
   * parked only briefly, which have no site. `acquireSeq`: the seq of the acquire the wait
   * ended in, recorded with it (NO_ACQUIRE when it took nothing).
   */
  waitOver(wait: WaitKind, primitive: number, timeoutMs: number | undefined, began: number, outcome: WaitOutcome, by?: number, op?: OpKind, opSeq?: number, acquireSeq = NO_ACQUIRE): void {
    if (!this.enabled) return;
    const timeout = timeoutField(timeoutMs);
    const cause = causeBits(by, op);
    const a = OUTCOME_CODE[outcome] | cause | (WAIT_CODE[wait] << 16);
    this.ring.writeExtended(RecordType.waitOver, primitive, this.now(), a, by ?? NO_WORKER, opSeq ?? 0, began, timeout, acquireSeq);
  }

  waitEnd(outcome: WaitOutcome, primitive: number | undefined, by?: number, op?: OpKind, opSeq?: number): void {
    if (!this.enabled) return;
    const cause = causeBits(by, op);
    this.ring.write(RecordType.waitEnd, primitive ?? NO_PRIMITIVE, this.now(), OUTCOME_CODE[outcome] | cause, by ?? NO_WORKER, opSeq ?? 0);
  }

  /**
   * The time for an op that wakes others, read before the store that lets them go and passed
   * to `op` after it: the op then comes before every wake it causes on the trace's one clock,
   * while writing its record stays off the path between the store and the waiter running.
   */
  stamp(): number {
    return this.enabled ? this.now() : 0;
  }

  /**
   * An op that nobody waits for (an uncontended acquire, a release nobody is parked on),
   * recorded without reading the clock: two clock reads are most of what tracing adds to a
   * Lock's acquire and release. Its record carries the last clock read as a lower bound, and
   * the host settles its time to within one drain of when it happened.
   */
  opUntimed(op: OpKind, primitive: number, seq: number): void {
    if (!this.enabled) return;
    const code = OP_CODE[op];
    // The next op of the run the last record holds (the pair of its last op, the next seq, on
    // the same primitive, nothing written in between): counted in that record.
    if (primitive === this.runPrimitive && seq === this.runNextSeq && code === this.runNextCode && this.ring.extendLast(MAX_OP_RUN)) {
      this.runNextSeq = seq + 1;
      this.runNextCode = RUN_NEXT_CODE[code]!;
      return;
    }
    if (this.ring.writeGrowable(RecordType.opRun | TIME_IS_LOWER_BOUND, primitive, this.lastNow, code, RUN_NEXT_CODE[code]!, seq)) {
      this.runPrimitive = primitive;
      this.runNextSeq = seq + 1;
      this.runNextCode = RUN_NEXT_CODE[code]!;
    } else this.runPrimitive = NO_PRIMITIVE;
  }

  /** At the thread's end: a run's last ops a reader missed are written (see TraceRingWriter.extendLast). */
  flush(): void {
    this.ring.endGrowth();
  }

  /** The run of untimed ops the ring's last record may hold: its primitive, and the op and seq that would extend it. */
  private runPrimitive = NO_PRIMITIVE;
  private runNextSeq = 0;
  private runNextCode = -1;

  /**
   * A release's time, read before the store that frees the lock, when the release will wake
   * someone parked (their wake must not come before it on the trace's clock); undefined when
   * nobody waits, and `release` then records it untimed: only its order matters.
   */
  releaseStamp(wakesSomeone: boolean): number | undefined {
    return this.enabled && wakesSomeone ? this.now() : undefined;
  }

  /** A Lock's or RLock's release, at the time from `releaseStamp`. */
  release(primitive: number, seq: number, at: number | undefined): void {
    if (at === undefined) this.opUntimed('release', primitive, seq);
    else this.op('release', primitive, seq, undefined, at);
  }

  /** `site` only where it is worth a stack capture (see LockOrderSites); `at` from `stamp()`. */
  op(op: OpKind, primitive: number, seq: number, site?: SourceSite, at?: number): void {
    if (!this.enabled) return;
    this.ring.write(RecordType.op, primitive, at ?? this.now(), OP_CODE[op], seq, 0, site ? encodeSite(site) : undefined);
  }

  taskStart(pool: number, task: number, fn: string, argsPreview: string): void {
    if (!this.enabled) return;
    this.ring.write(RecordType.taskStart, pool, this.now(), task, 0, 0, `${fn}\n${argsPreview}`);
  }

  /** A task whose one argument is the int32 `arg`: its preview is left to the reader. */
  taskStartWithInt(pool: number, task: number, fn: string, arg: number): void {
    if (!this.enabled) return;
    this.ring.write(RecordType.taskStart, pool, this.now(), task, TASK_ARG_INT32, arg, fn);
  }

  /**
   * `completeSeq`: the pool's `complete` op that hands the result on, traced in this record
   * (0: none). `at`: when the task ended, if read before this call.
   */
  taskEnd(pool: number, task: number, ok: boolean, error?: string, completeSeq = 0, at?: number): void {
    if (!this.enabled) return;
    this.ring.write(RecordType.taskEnd, pool, at ?? this.now(), task, ok ? 1 : 0, completeSeq, error);
  }

  /** `tasks` tasks from `firstTask` on starting, as one record (at most MAX_CHUNK_SPAN_TASKS). */
  chunkStart(pool: number, firstTask: number, tasks: number, fn: string, firstArgsPreview: string): void {
    if (!this.enabled) return;
    this.ring.write(RecordType.chunkStart, pool, this.now(), firstTask, tasks, 0, `${fn}\n${firstArgsPreview}`);
  }

  /** The end of chunkStart's tasks: `completed` ran ok; with `error`, the one after them failed. */
  chunkEnd(pool: number, firstTask: number, completed: number, error?: string): void {
    if (!this.enabled) return;
    this.ring.write(RecordType.chunkEnd, pool, this.now(), firstTask, completed, error === undefined ? 0 : CHUNK_FAILED, error);
  }

  /** `site`: the console call that wrote it, carried in front of the first piece. */
  output(stream: 'stdout' | 'stderr', text: string, site?: SourceSite): void {
    const at = this.now();
    const streamCode = stream === 'stderr' ? 1 : 0;
    const payload = site ? `${encodeSite(site)}${OUTPUT_SITE_END}${text}` : text;
    // Long text goes in pieces the decoder joins again; each piece stays under the record limit.
    for (let start = 0; start < payload.length || start === 0; start += OUTPUT_CHUNK_CHARS) {
      const end = start + OUTPUT_CHUNK_CHARS;
      const last = end >= payload.length;
      // The program's output is its behaviour, not tracing: it is kept even with tracing off.
      this.ring.writeWaiting(OUTPUT_MAX_WAIT_MS, RecordType.output, NO_PRIMITIVE, at, site ? OUTPUT_HAS_SITE : 0, streamCode, last ? 0 : OUTPUT_CONTINUES, payload.slice(start, end));
      if (last) break;
    }
  }
}
