/**
 * What a queue and a pipe end share: a ByteRing of encoded items plus the arena words that count
 * them and name who last put. Slot word offsets are QueueSlot's; a pipe end uses the same first
 * four (count, waiters, lastWorker, lastSeq) and no get-side words (trackGets false).
 */
import { QueueSlot } from './arenaLayout';
import { ByteRing, type RingRecord } from './byteRing';
import type { ThreadContext } from './threadContext';

/**
 * Set in a pipe end's count word when the other end closes, so a parked recv sees "closed" in
 * the very word it waits on: a separate flag could change between its check and its park.
 */
export const PEER_CLOSED_BIT = 1 << 30;
const COUNT_MASK = PEER_CLOSED_BIT - 1;

export function itemCount(word: number): number {
  return word & COUNT_MASK;
}

export interface TakenRecord extends RingRecord {
  /** The taker's own op sequence for this get/recv. */
  readonly takeSeq: number;
}

export class Channel {
  constructor(
    private readonly ctx: ThreadContext,
    /** The arena index of the slot's first word. */
    readonly base: number,
    readonly ring: ByteRing,
    private readonly trackGets: boolean,
    private readonly joinable = false,
  ) {}

  get countIndex(): number {
    return this.base + QueueSlot.count;
  }

  count(): number {
    return Atomics.load(this.ctx.arena, this.countIndex) & COUNT_MASK;
  }

  /** Adds a record unless the queue holds `maxsize` items (0: unbounded) or the ring is full. */
  tryPush(payload: Uint8Array, seq: number, maxsize: number): boolean {
    const { arena, workerId } = this.ctx;
    const ring = this.ring;
    ring.lock();
    try {
      if (maxsize > 0 && (Atomics.load(arena, this.countIndex) & COUNT_MASK) >= maxsize) return false;
      if (!ring.push(payload, workerId, seq)) return false;
      // Before the count: a taskDone() for this item must never find `unfinished` at 0.
      if (this.joinable) Atomics.add(arena, this.base + QueueSlot.unfinished, 1);
      Atomics.store(arena, this.base + QueueSlot.lastPutWorker, workerId);
      Atomics.store(arena, this.base + QueueSlot.lastPutSeq, seq);
      Atomics.add(arena, this.countIndex, 1);
      return true;
    } finally {
      ring.unlock();
    }
  }

  tryTake(): TakenRecord | undefined {
    const { arena, workerId, tracer } = this.ctx;
    if ((Atomics.load(arena, this.countIndex) & COUNT_MASK) === 0) return undefined;
    const ring = this.ring;
    ring.lock();
    try {
      const record = ring.shift();
      if (!record) return undefined;
      const takeSeq = tracer.nextOpSeq();
      if (this.trackGets) {
        Atomics.store(arena, this.base + QueueSlot.lastGetWorker, workerId);
        Atomics.store(arena, this.base + QueueSlot.lastGetSeq, takeSeq);
      }
      Atomics.sub(arena, this.countIndex, 1);
      return { ...record, takeSeq };
    } finally {
      ring.unlock();
    }
  }

  /** Wakes every parked getter and putter (both park on `count`); free when nobody waits. */
  notifyWaiters(): void {
    const { arena } = this.ctx;
    if (Atomics.load(arena, this.base + QueueSlot.waiters) > 0) Atomics.notify(arena, this.countIndex);
  }

  /** Wakes waiters even if none is counted yet (close: a racing waiter re-checks on its own). */
  notifyAll(): void {
    Atomics.notify(this.ctx.arena, this.countIndex);
  }

  addWaiter(delta: 1 | -1): void {
    Atomics.add(this.ctx.arena, this.base + QueueSlot.waiters, delta);
  }
}
