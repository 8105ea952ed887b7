/**
 * The shared-memory arena: one SharedArrayBuffer the host creates and hands every worker.
 * Every primitive lives in a fixed-size slot here, so passing a primitive to a worker
 * passes its slot id, and the host can read any primitive's state without asking.
 *
 * Int32 words. The header holds the allocators; a slot is SLOT_WORDS words.
 */
export const ARENA_BYTES = 1 << 20;
export const SLOT_WORDS = 8;

/** Header words (each updated only with Atomics, by any thread). */
export const Header = {
  /** Next free slot index (a bump allocator: primitives live as long as the run). */
  nextSlot: 0,
  /** Next worker id; 0 is MainProcess. */
  nextWorker: 1,
  /** Per-kind counters for default names like `Event-1`, from here on, one word per kind. */
  nameCounters: 2,
} as const;
export const HEADER_SLOTS = 4; // 32 header words: room for the counters above

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
