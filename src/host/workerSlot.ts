/** One worker thread of a run, as the host sees it: the thread, its ring and its decoder. */
import type { Worker } from 'node:worker_threads';
import type { WorkerId } from '../model/ids';
import { RecordDecoder } from '../model/records';
import { TraceRingReader } from '../model/traceRing';

export class HostedWorker {
  readonly reader: TraceRingReader;
  readonly decoder: RecordDecoder;
  exited = false;
  /** Set when the host ends the worker (Stop, terminate(), daemon clean-up): exit code -15. */
  terminatedByHost = false;
  /** The exit code a host-ended worker gets: -15 (terminate, Stop, daemon clean-up) or -9 (kill()). */
  terminatedExitCode = -15;
  /** The uncaught error the worker reported before exiting. */
  error: string | undefined;

  constructor(
    readonly id: WorkerId,
    readonly name: string,
    readonly thread: Worker,
    ring: SharedArrayBuffer,
    readonly daemon: boolean,
    readonly processSlot: number | undefined,
  ) {
    this.reader = new TraceRingReader(ring);
    this.decoder = new RecordDecoder(id);
  }
}
