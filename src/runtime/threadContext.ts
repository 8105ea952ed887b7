/**
 * Per-thread runtime state: who this worker is, the shared arena and its trace ring.
 * Set once by the worker bootstrap before the user's module loads.
 */
import { TraceRingWriter } from '../model/traceRing';
import { Header, HEADER_SLOTS, SLOT_WORDS } from './arenaLayout';
import type { WorkerBoot } from './bootData';
import { setSiteCapture } from './callSite';
import { Tracer } from './tracer';

export interface ThreadContext {
  readonly boot: WorkerBoot;
  readonly workerId: number;
  readonly name: string;
  readonly arena: Int32Array;
  readonly tracer: Tracer;
}

let current: ThreadContext | undefined;

export function initThreadContext(boot: WorkerBoot): ThreadContext {
  const arena = new Int32Array(boot.arena);
  const tracing = process.env.THREADLINE_TRACE !== 'off';
  setSiteCapture(tracing);
  current = {
    boot,
    workerId: boot.workerId,
    name: boot.name,
    arena,
    tracer: new Tracer(new TraceRingWriter(boot.ring), boot.epoch, boot.workerId, tracing),
  };
  return current;
}

export function threadContext(): ThreadContext {
  if (!current) {
    throw new Error(
      'Threadline primitives only work inside a Threadline run. Start the program with ' +
        '`threadline run <file>` or the "Threadline: Run Current File" command.',
    );
  }
  return current;
}

export function isInsideRun(): boolean {
  return current !== undefined;
}

/** Allocates one arena slot for a new primitive; any thread may call it. */
export function allocateSlot(arena: Int32Array): number {
  const slot = Atomics.add(arena, Header.nextSlot, 1) + HEADER_SLOTS;
  if ((slot + 1) * SLOT_WORDS > arena.length) {
    throw new Error('Threadline: too many primitives in one run (the shared arena is full).');
  }
  return slot;
}

/** Next number for a default name such as `Event-3`. */
export function nextNameNumber(arena: Int32Array, kindIndex: number): number {
  return Atomics.add(arena, Header.nameCounters + kindIndex, 1) + 1;
}

export function allocateWorkerId(arena: Int32Array): number {
  return Atomics.add(arena, Header.nextWorker, 1);
}
