/**
 * One run of one program: forks the host process, validates what it says, keeps every
 * trace event and folds them into a RunModel, and tells the views when something changed
 * and when the run ended. The session outlives its host so the views can keep showing the
 * last run after it ended.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { endWithoutRunEnd, HOST_OWN_GROUP, killHostGroup } from '../host/hostLoss';
import { hostLaunch } from '../host/launch';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BatchDecoder } from '../model/batchDecoder';
import { asMillis, type Millis } from '../model/ids';
import { isHostMessage, PROTOCOL_VERSION, type HostControl, type HostMessage, type RunEnd, type RunInfo } from '../model/messages';
import { RunModel } from '../model/runModel';
import type { TraceEvent } from '../model/trace';
import { nextSessionId, type Session, type SessionChange } from './session';

/** How long a host may take to end its workers after `stop` before it is killed (CONTRACTS.md). */
export const STOP_GRACE_MS = 2000;

export interface RunSessionOptions {
  /** Absolute path of dist/host.js. */
  readonly hostScript: string;
  /** Absolute path of the program to run. */
  readonly programPath: string;
  /** Where host diagnostics (its stdout/stderr, protocol problems) go. */
  readonly log: (text: string) => void;
  /** Bytes of trace ring per worker (`--ring-bytes`); the host's default when absent. */
  readonly ringBytes?: number;
  /** Extra Node options for the host; its workers inherit them. */
  readonly nodeArguments?: readonly string[];
  /** Trace events kept at most; past it the run is stopped rather than kept partially. */
  readonly maxRecords?: number;
  /** Heap limit of each worker (MB, `--max-worker-memory-mb`); Node's default when absent. */
  readonly workerMemoryMb?: number | undefined;
}

/** Kept for callers that name the change by its old name. */
export type RunSessionChange = SessionChange;

export class RunSession implements Session {
  readonly kind = 'run' as const;
  /** Unique within this extension host; stable before the host has said hello. */
  readonly sessionId = nextSessionId();
  readonly programPath: string;
  readonly label: string;
  /** Every trace event so far, in arrival order: a reloaded panel is re-fed from here. */
  readonly events: TraceEvent[] = [];
  readonly model = new RunModel();
  private readonly decoder = new BatchDecoder();
  /** Known once the host has said hello. */
  run: RunInfo | undefined;
  /** Known once the run has ended (by the host's `runEnd`, or because the host died). */
  end: RunEnd | undefined;
  /** Resolves with the end, whatever ended the run. */
  readonly ended: Promise<RunEnd>;
  /** Resolves once the host process has exited and its IPC channel is closed. */
  readonly hostExited: Promise<void>;

  private readonly changeEmitter = new vscode.EventEmitter<SessionChange>();
  private readonly endEmitter = new vscode.EventEmitter<Session>();
  /** One per batch the host sends (the host already batches, every 50 ms). */
  readonly onDidChange = this.changeEmitter.event;
  readonly onDidEnd = this.endEmitter.event;

  private readonly child: ChildProcess;
  private readonly startedAt = Date.now();
  private readonly log: (text: string) => void;
  private resolveEnded!: (end: RunEnd) => void;
  private resolveHostExited!: () => void;
  private hostGone = false;
  private lastSeq = 0;
  private exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stopRequested = false;
  private killedAfterStop = false;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly maxRecords: number;
  /** Set when the run was stopped because it outgrew `maxRecords`. */
  private recordLimitHit = false;

  constructor(options: RunSessionOptions) {
    this.programPath = options.programPath;
    this.label = path.basename(options.programPath);
    this.log = options.log;
    this.maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    this.hostExited = new Promise((resolve) => (this.resolveHostExited = resolve));
    const launch = hostLaunch(path.dirname(options.hostScript), options.programPath);
    const ringArgs = options.ringBytes !== undefined ? ['--ring-bytes', String(options.ringBytes)] : [];
    const memoryArgs = options.workerMemoryMb !== undefined ? ['--max-worker-memory-mb', String(options.workerMemoryMb)] : [];
    this.child = fork(launch.modulePath, [...launch.args, ...ringArgs, ...memoryArgs], {
      cwd: path.dirname(options.programPath),
      serialization: launch.serialization,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: what the program spawned can be ended even if the host dies.
      detached: HOST_OWN_GROUP,
      // Only hostLaunch's options (the program loader's, V8's pool size): the extension host may run with --inspect and friends, and a
      // host inheriting them would fight over the debug port.
      // The user's own options (threadline.nodeArguments) come after ours, as on a command line.
      execArgv: [...launch.execArgv, ...(options.nodeArguments ?? [])],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => this.log(text));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => this.log(text));
    this.child.on('message', (message: unknown) => this.receive(message));
    this.child.on('error', (error) => this.onHostError(error));
    this.child.on('exit', (code, signal) => {
      this.exitStatus = { code, signal };
      this.settleIfHostGone();
    });
    // Messages can still be in the channel when 'exit' fires; the end is decided only after
    // the channel has closed too, so a runEnd already on its way is never mistaken for a crash.
    this.child.on('disconnect', () => this.settleIfHostGone());
    // 'close' comes after 'exit' once the host's stdout and stderr are closed too: only then is
    // nothing of it left in this process (tests count handles after hostExited).
    this.child.on('close', () => {
      this.settleIfHostGone();
      this.resolveHostExited();
    });
  }

  get isLive(): boolean {
    return this.end === undefined;
  }

  /**
   * "Now" on the run's clock (ms since the run started): the end once known, else the wall
   * clock since the host said hello, so waits keep growing between trace events.
   */
  now(): Millis {
    if (this.end) return asMillis(Math.max(this.end.durationMs, this.model.latest));
    const sinceStart = this.run ? Date.now() - this.run.startedAtEpochMs : 0;
    return asMillis(Math.max(this.model.latest, sinceStart));
  }

  /** The host's pid, for diagnostics and tests (undefined if it could not be started). */
  get hostPid(): number | undefined {
    return this.child.pid;
  }

  /** Asks the host to end every worker; kills it if it has not exited {@link STOP_GRACE_MS} later. */
  stop(): void {
    if (this.stopRequested || this.exitStatus) return;
    this.stopRequested = true;
    if (this.child.connected) {
      // A send can race the host's own exit; the kill below covers that case.
      this.child.send({ type: 'stop' } satisfies HostControl, (error) => {
        if (error) this.log(`[threadline] could not send stop: ${error.message}\n`);
      });
    }
    this.killTimer = setTimeout(() => {
      if (this.exitStatus) return;
      this.killedAfterStop = true;
      this.log(`[threadline] host ${this.child.pid} did not exit ${STOP_GRACE_MS} ms after stop: killing it\n`);
      this.child.kill('SIGKILL');
      killHostGroup(this.child);
    }, STOP_GRACE_MS);
  }

  dispose(): void {
    this.stop();
    this.changeEmitter.dispose();
    this.endEmitter.dispose();
  }

  private receive(message: unknown): void {
    if (!isHostMessage(message)) {
      this.log(`[threadline] ignored a malformed host message: ${preview(message)}\n`);
      return;
    }
    if (this.end) return;
    this.handle(message);
  }

  private handle(message: HostMessage): void {
    switch (message.type) {
      case 'hello':
        if (message.protocol !== PROTOCOL_VERSION) {
          this.log(`[threadline] host speaks protocol ${message.protocol}, extension expects ${PROTOCOL_VERSION}\n`);
        }
        this.run = message.run;
        this.changeEmitter.fire({ session: this, events: [] });
        return;
      case 'batch': {
        if (message.seq !== this.lastSeq + 1) {
          this.log(`[threadline] host batch ${message.seq} follows ${this.lastSeq}: a batch is missing\n`);
        }
        this.lastSeq = message.seq;
        const batch = this.decoder.decode(message.parts);
        // A loop, not push(...batch): a large batch would overflow the argument limit.
        for (const event of batch) this.events.push(event);
        this.model.applyAll(batch);
        this.changeEmitter.fire({ session: this, events: batch });
        if (this.events.length > this.maxRecords && !this.recordLimitHit) {
          // Never a partial picture: past the limit the run ends, and says why.
          this.recordLimitHit = true;
          this.log(`[threadline] the run recorded more than ${this.maxRecords} trace events (threadline.maxRecordsKept): stopping it\n`);
          this.stop();
        }
        return;
      }
      case 'runEnd':
        this.finish(message.end);
        return;
    }
  }

  private onHostError(error: Error): void {
    this.log(`[threadline] host process error: ${error.message}\n`);
    // No pid means fork itself failed: there will be no 'exit' to wait for.
    if (this.child.pid === undefined) {
      this.finish({
        exitCode: 1,
        durationMs: 0,
        reason: 'failedToStart',
        records: { written: 0, dropped: 0 },
        error: `Could not start the Threadline host: ${error.message}`,
      });
      this.resolveHostExited();
    }
  }

  private settleIfHostGone(): void {
    if (!this.exitStatus || this.child.connected || this.hostGone) return;
    this.hostGone = true;
    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = undefined;
    // Whatever the program spawned ends with its host (it may have died without cleaning up).
    killHostGroup(this.child);
    if (!this.end) {
      const { code, signal } = this.exitStatus;
      const why = this.killedAfterStop ? `The run did not stop within ${STOP_GRACE_MS / 1000} s, so its host process was killed.` : undefined;
      this.finish(endWithoutRunEnd({ model: this.model, startedAtEpochMs: this.startedAt, code, signal, ...(why ? { why } : {}) }));
    }
  }

  private finish(end: RunEnd): void {
    if (this.end) return;
    if (this.recordLimitHit && !end.error) {
      end = { ...end, error: `Stopped after ${this.maxRecords} trace events (setting threadline.maxRecordsKept).` };
    }
    this.end = end;
    this.resolveEnded(end);
    this.endEmitter.fire(this);
  }
}

function preview(value: unknown): string {
  try {
    return JSON.stringify(value).slice(0, 200);
  } catch {
    return String(value);
  }
}
