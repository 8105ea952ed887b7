/**
 * Shared-memory layout of a Pool: a task ring (owner → workers), a result ring (workers →
 * owner) and a control block the owner, the workers and the host all read. One constants file,
 * one commented word each, so the three sides cannot disagree.
 */

/** Message ring header words (Int32). Data follows at RING_HEADER_BYTES. */
export const RingWord = {
  /** Write cursor in bytes, counting forever (wraps at 2^32). */
  write: 0,
  /** Read cursor in bytes. Producers waiting for room park on it. */
  read: 1,
  /** Futex-style mutex for rings with several producers (0 free, 1 held, 2 held + waiters). */
  producerLock: 2,
  /** The same for rings with several consumers. */
  consumerLock: 3,
  /** Consumers parked waiting for a message: the producer notifies only when this is > 0. */
  idleConsumers: 4,
  /** 1 once no more messages will come (Pool.close drained): idle consumers then exit. */
  closed: 5,
  /** Producers parked waiting for room. */
  spaceWaiters: 6,
  /**
   * Idle consumers park here. The producer bumps it after writing while any consumer is idle,
   * and on close: a word that close() changes, so a consumer cannot miss it.
   */
  bell: 7,
  /**
   * 1 while one idle consumer spins on the ring instead of parking (at most one does, so idle
   * workers never crowd the CPUs): a producer then wakes one parked consumer fewer.
   */
  spinner: 8,
} as const;
export const RING_HEADER_BYTES = 48;

/** Control block words (Int32), one block per pool. */
export const PoolControl = {
  /** PoolState below; written by the owner, read by the host before replacing a worker. */
  state: 0,
  /** Pool workers alive; the host keeps it (+1 before a replacement starts, -1 at each exit). */
  liveWorkers: 1,
  /**
   * Bumped by anything the owner may be waiting for: a result, a task taken (room in the task
   * ring), a worker's exit. The owner parks on this one word.
   */
  doorbell: 2,
  /** How many owner waits (blocking or async) are parked on the doorbell: notify only then. */
  ownerWaiting: 3,
  /** The last pool worker that exited (names the cause of a join's wake). */
  lastExit: 4,
  /** 1 while the owner holds tasks that did not fit the ring: workers ring after taking one. */
  wantsRoom: 5,
  /** The owner's latest `submit` op that woke idle workers: the cause their wait records. */
  lastSubmit: 6,
} as const;
export const POOL_CONTROL_WORDS = 8;

export const PoolState = { running: 0, closed: 1, terminated: 2 } as const;

/** Ring sizes: SharedArrayBuffer pages are committed lazily, so roomy rings cost little. */
export const TASK_RING_BYTES = 4 << 20;
export const RESULT_RING_BYTES = 4 << 20;
