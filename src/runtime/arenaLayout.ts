/**
 * The shared-memory arena: one SharedArrayBuffer the host creates and hands every worker.
 * Every primitive lives in a fixed-size slot here, so passing a primitive to a worker
 * passes its slot id, and the host can read any primitive's state without asking.
 *
 * Int32 words. The header holds the allocators; a slot is SLOT_WORDS words.
 */
export const ARENA_BYTES = 2 << 20;
/**
 * 64 bytes: a cache line each, so two primitives never share one. With 32-byte slots two
 * workers looping on a Lock each, made one after the other, slowed each other by half (every
 * acquire moved the line holding both locks between their CPUs).
 */
export const SLOT_WORDS = 16;

/** Header words (each updated only with Atomics, by any thread). */
export const Header = {
  /** Next free slot index (a bump allocator: primitives live as long as the run). */
  nextSlot: 0,
  /** Next worker id; 0 is MainProcess. */
  nextWorker: 1,
  /** Per-kind counters for default names like `Event-1`, from here on, one word per kind. */
  nameCounters: 2,
  /** multiprocessing's logger, run-wide (see logger.ts): its level, plus STDERR_HANDLER when logToStderr() was called. */
  logging: 31,
} as const;
/** 32 header words: room for the counters above. */
export const HEADER_SLOTS = 32 / SLOT_WORDS;

/** Event slot words. */
export const EventSlot = {
  /** 1 when set. Waiters park on this word. */
  flag: 0,
  waiters: 1,
  /** Who performed the last set, and its op sequence: read by a waiter to name its waker. */
  lastWorker: 2,
  lastSeq: 3,
} as const;

/** Lock slot words. */
export const LockSlot = {
  /** 0 when free, else owner worker id + 1. Waiters park on this word. */
  owner: 0,
  waiters: 1,
  lastWorker: 2,
  lastSeq: 3,
} as const;

/** Process slot words: written by the starting worker and by the host when the worker exits. */
export const ProcessSlot = {
  /** ProcessState below. Joiners park on this word. */
  state: 0,
  exitCode: 1,
  workerId: 2,
  lastWorker: 3,
  lastSeq: 4,
} as const;

export const ProcessState = { created: 0, started: 1, exited: 2 } as const;

/** The op sequence the host uses for a worker's exit (a worker exits once). */
export const EXIT_SEQ = 0x7fffffff;

export function slotBase(slot: number): number {
  return slot * SLOT_WORDS;
}

/**
 * Queue / JoinableQueue / SimpleQueue slot words. The items themselves live in the queue's own
 * SharedArrayBuffer (see byteRing.ts); these words are what waiters park on and what the host
 * reads to show a queue's size without asking.
 */
export const QueueSlot = {
  /** Items in the queue now. Getters (empty) and putters (full) park on this word. */
  count: 0,
  /** Workers parked on `count`, so an uncontended put/get skips the notify. */
  waiters: 1,
  /** Who made the last put / get, and its op sequence: read by a woken waiter to name its waker. */
  lastPutWorker: 2,
  lastPutSeq: 3,
  lastGetWorker: 4,
  lastGetSeq: 5,
  /** Python's maxsize; 0 means unbounded. Written once at creation. */
  maxsize: 6,
  /** JoinableQueue: items put and not yet taskDone(). join() parks on this word. */
  unfinished: 7,
} as const;

/** Pipe connection slot words: one slot per end; each end owns the inbox its recv reads. */
export const ConnectionSlot = {
  /**
   * Messages waiting in this end's inbox; bit 30 (PEER_CLOSED_BIT in channel.ts) is set once the
   * other end closed. recv/poll park on this word.
   */
  count: 0,
  waiters: 1,
  /** Who last sent to this end (or closed the peer), and its op sequence. */
  lastWorker: 2,
  lastSeq: 3,
  /** 1 once this end was closed. The peer reads it to raise EOFError / BrokenPipeError. */
  closed: 4,
  /** The slot of the other end. Written once at creation. */
  peer: 5,
} as const;

/** Manager list / dict / Namespace slot words (the contents live in the object's own buffer). */
export const ManagedSlot = {
  /** Bumped on every change. */
  version: 0,
  /** Number of items (list length, dict size, namespace attributes): for display. */
  length: 1,
  lastWorker: 2,
  lastSeq: 3,
  /** The Manager's slot, whose `state` word says whether the proxies may still be used. */
  manager: 4,
} as const;

/** Manager slot words. */
export const ManagerSlot = {
  /** ManagerState below. */
  state: 0,
} as const;

export const ManagerState = { running: 0, shutdown: 1 } as const;

/** RLock slot words (rlock.ts). Same owner convention as Lock, so detectors read both alike. */
export const RLockSlot = {
  /** 0 when free, else owner worker id + 1. Waiters park on this word. */
  owner: 0,
  waiters: 1,
  lastWorker: 2,
  lastSeq: 3,
  /** Recursion depth; written only by the owner. */
  count: 4,
} as const;

/** Semaphore / BoundedSemaphore slot words (semaphore.ts). */
export const SemaphoreSlot = {
  /** The semaphore's value. Acquirers park on this word while it is 0. */
  value: 0,
  waiters: 1,
  lastWorker: 2,
  lastSeq: 3,
  /** BoundedSemaphore's initial value (release above it is a ValueError); -1 when unbounded. */
  max: 4,
} as const;

/**
 * Condition slot words (condition.ts). The underlying lock is a primitive of its own.
 */
export const ConditionSlot = {
  /**
   * Waiters without a wake ticket (high 16 bits) and wake tickets handed out by notify and not
   * yet taken (low 16 bits), in one word so a timing-out waiter decides "take a ticket or leave"
   * atomically. Waiters park on this word.
   */
  state: 0,
  /** Who notified last, and that notify's op sequence: a woken waiter's waker. */
  lastWorker: 1,
  lastSeq: 2,
  /**
   * Notifies so far. A waiter may only take a ticket from a notify made after it began waiting:
   * without this, a thread that starts waiting after a notify could take the ticket meant for an
   * earlier waiter, which then sleeps forever (a lost wake-up).
   */
  generation: 3,
} as const;

/** Barrier slot words (barrier.ts): threading.Barrier's state machine in shared memory. */
export const BarrierSlot = {
  /** BarrierState below. Every wait parks on this word. */
  state: 0,
  /** Workers inside wait() now (arrived and not yet left). */
  count: 1,
  /** Who made the last state change (trip, abort, reset), its op sequence and op kind code. */
  lastWorker: 2,
  lastSeq: 3,
  lastOp: 4,
  parties: 5,
  /** A tiny internal mutex over count and state: 0 free, 1 held, 2 held with waiters. */
  guard: 6,
} as const;

/** threading.Barrier's states, plus `releasing` while the last arriver runs the action. */
export const BarrierState = { filling: 0, draining: 1, resetting: -1, broken: -2, releasing: 2 } as const;

/** Value slot words (sharedValue.ts): the value itself lives here, so the host can read it. */
export const ValueSlot = {
  /** Words 0–1: the value's bytes (8 at most), little-endian as the typecode says. */
  data: 0,
  /** The typecode's char code. */
  typecode: 2,
} as const;

/** Array slot words (sharedArray.ts): the items live in the array's own SharedArrayBuffer. */
export const ArraySlot = {
  length: 0,
  /** The typecode's char code. */
  typecode: 1,
} as const;
