/**
 * What a front end (CLI, extension) does when the host process dies before its `runEnd`: the
 * run is over all the same, with the trace received so far, and nothing it started lives on.
 * The host is started as the leader of its own process group so that whatever the program
 * spawned can be ended with it even when the host could not clean up (SIGKILL, a crash).
 */
import type { ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import type { RunEnd } from '../model/messages';
import type { RunModel } from '../model/runModel';

/** Spawn option: a group of its own, where process groups exist. */
export const HOST_OWN_GROUP = process.platform !== 'win32';

/** Ends the host's whole process group (the host and everything the program spawned). */
export function killHostGroup(child: ChildProcess): void {
  if (!HOST_OWN_GROUP || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already empty
  }
}

export interface HostLoss {
  readonly model: RunModel;
  readonly startedAtEpochMs: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Replaces the default explanation (e.g. the host was killed after Stop). */
  readonly why?: string;
}

/** The end of a run whose host died before saying how it ended. */
export function endWithoutRunEnd({ model, startedAtEpochMs, code, signal, why }: HostLoss): RunEnd {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  // Python's convention: a process ended by a signal has minus the signal number as exit code.
  const signalNumber = signal ? osConstants.signals[signal] : undefined;
  return {
    exitCode: signalNumber !== undefined ? -signalNumber : (code ?? 1),
    durationMs: Math.max(model.latest, Date.now() - startedAtEpochMs),
    reason: 'stopped',
    records: { written: model.eventCount, dropped: model.totalDropped() },
    error: why ?? `The Threadline host process ${how} before the run ended; what it traced until then is kept.`,
  };
}
