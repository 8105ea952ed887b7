/**
 * Python's multiprocessing.Pipe(duplex=True) and its two Connection ends. Each end is a
 * primitive with its own slot and its own inbox (a ByteRing in its own SharedArrayBuffer): send
 * writes into the other end's inbox, recv reads its own. Unbounded: pending messages may fill
 * MAX_BYTES (byteRing.ts), then send waits for the reader, as a full OS pipe makes Python wait.
 *
 * Arena slot words (ConnectionSlot in arenaLayout.ts):
 *   0 count    messages in this end's inbox, | PEER_CLOSED_BIT once the other end closed;
 *              recv and poll park here
 *   1 waiters  2 lastWorker, 3 lastSeq   who last sent here (or closed the other end)
 *   4 closed   1 once this end was closed        5 peer   the other end's slot
 */
import { ConnectionSlot, SLOT_WORDS } from './arenaLayout';
import { normaliseTimeout, parkUntil } from './blocking';
import { ByteRing, MAX_ITEM_BYTES } from './byteRing';
import { captureUserSite } from './callSite';
import { Channel, itemCount, PEER_CLOSED_BIT, type TakenRecord } from './channel';
import { BrokenPipeError, OSError } from './commErrors';
import { EOFError, ValueError } from './errors';
import { decodeItem, encodeItem, registerPrimitiveBuffer } from './itemCodec';
import { parkUntilAsync } from './parkAsync';
import { registerAttacher, SharedPrimitive, type PrimitiveRef } from './primitive';
import { PRIMITIVE_KINDS, type SourceSite } from '../model/trace';
import { assignedName, destructuredNames } from './siteNames';
import { nextNameNumber, threadContext } from './threadContext';

interface ConnectionRef extends PrimitiveRef {
  readonly inbox?: SharedArrayBuffer;
  readonly peerInbox?: SharedArrayBuffer;
  readonly readable: boolean;
  readonly writable: boolean;
}

interface ConnectionInit {
  readonly name: string;
  readonly inbox?: ByteRing;
  readonly readable: boolean;
  readonly writable: boolean;
}

export class Connection extends SharedPrimitive {
  readonly readable: boolean;
  readonly writable: boolean;
  private readonly inbox: Channel | undefined;
  /** The other end's inbox; bound by Pipe() right after both ends exist, or from a reference. */
  private outbox: Channel | undefined;

  /** Made by Pipe(); `attach` is the runtime's (a reference from another worker). */
  constructor(init: ConnectionInit, attach?: ConnectionRef) {
    super('pipe', 'Connection', { name: init.name }, attach);
    this.readable = attach ? attach.readable : init.readable;
    this.writable = attach ? attach.writable : init.writable;
    const inbox = attach?.inbox ? new ByteRing(attach.inbox) : init.inbox;
    if (inbox) {
      registerPrimitiveBuffer(this.id, inbox.buffer);
      this.inbox = new Channel(this.ctx, this.base, inbox, false);
    }
    if (attach?.peerInbox) this.bindPeer(this.peerSlot, new ByteRing(attach.peerInbox));
  }

  get kind(): 'pipe' {
    return 'pipe';
  }

  private get peerSlot(): number {
    return Atomics.load(this.ctx.arena, this.base + ConnectionSlot.peer);
  }

  /** @internal Pipe() links the two ends. */
  bindPeer(peerSlot: number, peerInbox: ByteRing | undefined): void {
    Atomics.store(this.ctx.arena, this.base + ConnectionSlot.peer, peerSlot);
    if (peerInbox) {
      registerPrimitiveBuffer(peerSlot, peerInbox.buffer);
      this.outbox = new Channel(this.ctx, peerSlot * SLOT_WORDS, peerInbox, false);
    }
  }

  override toReference(): ConnectionRef {
    return {
      ...super.toReference(),
      readable: this.readable,
      writable: this.writable,
      ...(this.inbox ? { inbox: this.inbox.ring.buffer } : {}),
      ...(this.outbox ? { peerInbox: this.outbox.ring.buffer } : {}),
    };
  }

  /** True once this end was closed (by any worker holding it). */
  get closed(): boolean {
    return Atomics.load(this.ctx.arena, this.base + ConnectionSlot.closed) === 1;
  }

  private peerClosed(): boolean {
    return Atomics.load(this.ctx.arena, this.peerSlot * SLOT_WORDS + ConnectionSlot.closed) === 1;
  }

  /** Sends a copy of `obj` (structured clone) to the other end. */
  send(obj: unknown): void {
    const outbox = this.checkSend();
    const payload = encodeItem(obj, `the object sent on '${this.name}'`);
    if (payload.length > MAX_ITEM_BYTES) {
      throw new ValueError(`the object sent on '${this.name}' is ${payload.length} bytes once cloned; a pipe holds at most ${MAX_ITEM_BYTES} bytes of pending messages. Send it in pieces.`);
    }
    const { tracer } = this.ctx;
    const seq = tracer.nextOpSeq();
    if (!outbox.tryPush(payload, seq, 0)) {
      // The reader is MAX_BYTES behind: wait for it, as a full OS pipe makes Python's send wait.
      tracer.waitBegin('put', this.id, undefined, captureUserSite());
      outbox.addWaiter(1);
      parkUntil(this.ctx.arena, outbox.countIndex, () => this.peerClosed() || outbox.tryPush(payload, seq, 0), undefined);
      outbox.addWaiter(-1);
      tracer.waitEnd('woken', this.id);
      if (this.peerClosed()) throw new BrokenPipeError('[Errno 32] Broken pipe');
    }
    tracer.op('send', this.id, seq);
    outbox.notifyWaiters();
  }

  /** Receives the next object; blocks until one arrives; EOFError once the other end is closed and nothing is left. */
  recv(): unknown {
    const inbox = this.checkRecv();
    let taken = inbox.tryTake();
    if (!taken && this.peerClosed()) {
      // Closed after its last send: what it sent is still ours to read.
      taken = inbox.tryTake();
      if (!taken) throw new EOFError();
    }
    if (!taken) {
      const { tracer } = this.ctx;
      tracer.waitBegin('recv', this.id, undefined, captureUserSite());
      inbox.addWaiter(1);
      parkUntil(this.ctx.arena, inbox.countIndex, (word) => (itemCount(word) > 0 && (taken = inbox.tryTake()) !== undefined) || (word & PEER_CLOSED_BIT) !== 0, undefined);
      inbox.addWaiter(-1);
      taken ??= inbox.tryTake();
      this.endRecvWait(taken);
      if (!taken) throw new EOFError();
    }
    return this.afterRecv(inbox, taken);
  }

  /** `recv` for async code. */
  async recvAsync(): Promise<unknown> {
    const inbox = this.checkRecv();
    let taken = inbox.tryTake();
    if (!taken && this.peerClosed()) {
      // Closed after its last send: what it sent is still ours to read.
      taken = inbox.tryTake();
      if (!taken) throw new EOFError();
    }
    if (!taken) {
      const { tracer } = this.ctx;
      tracer.waitBegin('recv', this.id, undefined, captureUserSite());
      inbox.addWaiter(1);
      await parkUntilAsync(this.ctx.arena, inbox.countIndex, (word) => (itemCount(word) > 0 && (taken = inbox.tryTake()) !== undefined) || (word & PEER_CLOSED_BIT) !== 0, undefined);
      inbox.addWaiter(-1);
      taken ??= inbox.tryTake();
      this.endRecvWait(taken);
      if (!taken) throw new EOFError();
    }
    return this.afterRecv(inbox, taken);
  }

  /**
   * Python's `poll([timeout])`: whether there is something to recv (a message, or the EOF of a
   * closed other end). No argument: answers at once; `timeoutMs`: waits up to that; `null`: waits
   * without limit.
   */
  poll(timeoutMs?: number | null): boolean {
    const inbox = this.checkRecv();
    const ready = (word: number) => word !== 0;
    if (ready(Atomics.load(this.ctx.arena, inbox.countIndex))) return true;
    if (timeoutMs === 0 || timeoutMs === undefined) return false;
    const timeout = normaliseTimeout(timeoutMs);
    const { tracer } = this.ctx;
    tracer.waitBegin('recv', this.id, timeout, captureUserSite());
    inbox.addWaiter(1);
    const got = parkUntil(this.ctx.arena, inbox.countIndex, ready, timeout);
    inbox.addWaiter(-1);
    this.endPollWait(got);
    return got;
  }

  /** `poll` for async code. */
  async pollAsync(timeoutMs?: number | null): Promise<boolean> {
    const inbox = this.checkRecv();
    const ready = (word: number) => word !== 0;
    if (ready(Atomics.load(this.ctx.arena, inbox.countIndex))) return true;
    if (timeoutMs === 0 || timeoutMs === undefined) return false;
    const timeout = normaliseTimeout(timeoutMs);
    this.ctx.tracer.waitBegin('recv', this.id, timeout, captureUserSite());
    inbox.addWaiter(1);
    const got = await parkUntilAsync(this.ctx.arena, inbox.countIndex, ready, timeout);
    inbox.addWaiter(-1);
    this.endPollWait(got);
    return got;
  }

  /** Closes this end: the other end's recv raises EOFError once it has read what was sent. */
  close(): void {
    const { arena, tracer, workerId } = this.ctx;
    if (Atomics.compareExchange(arena, this.base + ConnectionSlot.closed, 0, 1) !== 0) return;
    const seq = tracer.nextOpSeq();
    const peerBase = this.peerSlot * SLOT_WORDS;
    // The cause first, then the bit a parked recv wakes on.
    Atomics.store(arena, peerBase + ConnectionSlot.lastWorker, workerId);
    Atomics.store(arena, peerBase + ConnectionSlot.lastSeq, seq);
    Atomics.or(arena, peerBase + ConnectionSlot.count, PEER_CLOSED_BIT);
    tracer.op('close', this.id, seq);
    Atomics.notify(arena, peerBase + ConnectionSlot.count);
  }

  /** Python's `with conn:` — runs `body` and closes the connection however it ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  private checkSend(): Channel {
    if (this.closed) throw new OSError('handle is closed');
    if (!this.writable || !this.outbox) throw new OSError('connection is read-only');
    if (this.peerClosed()) throw new BrokenPipeError('[Errno 32] Broken pipe');
    return this.outbox;
  }

  private checkRecv(): Channel {
    if (this.closed) throw new OSError('handle is closed');
    if (!this.readable || !this.inbox) throw new OSError('connection is write-only');
    return this.inbox;
  }

  private endRecvWait(taken: TakenRecord | undefined): void {
    const { arena, tracer } = this.ctx;
    if (taken) tracer.waitEnd('woken', this.id, taken.worker, 'send', taken.seq);
    else tracer.waitEnd('woken', this.id, Atomics.load(arena, this.base + ConnectionSlot.lastWorker), 'close', Atomics.load(arena, this.base + ConnectionSlot.lastSeq));
  }

  private endPollWait(got: boolean): void {
    const { arena, tracer } = this.ctx;
    if (!got) {
      tracer.waitEnd('timeout', this.id);
      return;
    }
    const op = itemCount(Atomics.load(arena, this.base + ConnectionSlot.count)) > 0 ? 'send' : 'close';
    tracer.waitEnd('woken', this.id, Atomics.load(arena, this.base + ConnectionSlot.lastWorker), op, Atomics.load(arena, this.base + ConnectionSlot.lastSeq));
  }

  private afterRecv(inbox: Channel, taken: TakenRecord): unknown {
    this.ctx.tracer.op('recv', this.id, taken.takeSeq);
    inbox.notifyWaiters();
    return decodeItem(taken.payload, `the object received on '${this.name}'`);
  }
}

/**
 * Python's `Pipe(duplex=True)`: two connected ends. Duplex: both send and receive. One-way
 * (`duplex` false): the first end only receives, the second only sends, as in Python.
 */
export function Pipe(duplex = true): [Connection, Connection] {
  const [first, second] = endNames(captureUserSite());
  const ring1 = ByteRing.create();
  const ring2 = duplex ? ByteRing.create() : undefined;
  const conn1 = new Connection({ name: first, inbox: ring1, readable: true, writable: duplex });
  const conn2 = new Connection({ name: second, inbox: ring2, readable: duplex, writable: true });
  conn1.bindPeer(conn2.id, ring2);
  conn2.bindPeer(conn1.id, ring1);
  return [conn1, conn2];
}

registerAttacher('pipe', (ref) => new Connection({ name: ref.name, readable: false, writable: false }, ref as ConnectionRef));

/** `const [parentConn, childConn] = Pipe()` names the ends parentConn and childConn. */
function endNames(site: SourceSite | undefined): [string, string] {
  const pair = destructuredNames(site);
  if (pair) return pair;
  const single = assignedName(site);
  if (single) return [`${single}[0]`, `${single}[1]`];
  const n = nextNameNumber(threadContext().arena, PRIMITIVE_KINDS.indexOf('pipe'));
  return [`Pipe-${n}[0]`, `Pipe-${n}[1]`];
}
