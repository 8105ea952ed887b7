/**
 * The one live run at a time. Starting a run (or loading a trace) stops the one before it
 * (without asking: a second Run is the user's answer). The views follow `current`: the latest
 * session, live, ended or loaded from a trace, so the last run stays on screen until the next.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mayRun, UNTRUSTED_MESSAGE } from './runPermission';
import { DisposableStore, MutableDisposable } from './disposables';
import { RunSession } from './runSession';
import type { Session, SessionChange } from './session';
import { readSettings } from './settings';
import type { TraceFile } from './traceFile';
import { TraceSession } from './traceSession';

/** Context key: true while a run is live (enables Stop Run). */
export const RUNNING_CONTEXT_KEY = 'threadline.running';
/** Context key: true once there is a session to show (a run, live or ended, or a loaded trace). */
export const HAS_SESSION_CONTEXT_KEY = 'threadline.hasSession';

export class RunSessions implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly currentListeners = this.store.add(new MutableDisposable<DisposableStore>());
  private readonly startEmitter = this.store.add(new vscode.EventEmitter<Session>());
  private readonly changeEmitter = this.store.add(new vscode.EventEmitter<SessionChange>());
  private readonly endEmitter = this.store.add(new vscode.EventEmitter<Session>());
  private currentSession: Session | undefined;

  /** A new run began, or a trace was loaded (it is `current` already; a trace has ended). */
  readonly onDidStart = this.startEmitter.event;
  /** The current run received a batch of events (or its run info). */
  readonly onDidChange = this.changeEmitter.event;
  /** The current run ended. */
  readonly onDidEnd = this.endEmitter.event;

  constructor(
    private readonly hostScript: string,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** The latest session, live or ended; undefined before the first run. */
  get current(): Session | undefined {
    return this.currentSession;
  }

  /** The current session when it is a run still going (only host runs can be live). */
  get live(): RunSession | undefined {
    const session = this.currentSession;
    return session instanceof RunSession && session.isLive ? session : undefined;
  }

  start(programPath: string): RunSession {
    // Checked here too, where the host starts, not only by the commands that call this.
    const demosDir = path.join(path.dirname(this.hostScript), '..', 'demos');
    if (!mayRun(programPath, demosDir, vscode.workspace.isTrusted)) throw new Error(UNTRUSTED_MESSAGE);
    // The previous session stops (its kill timer lives on) and no longer talks to anyone.
    this.currentSession?.dispose();
    const settings = readSettings();
    const session = new RunSession({
      hostScript: this.hostScript,
      programPath,
      log: (text) => this.output.append(text),
      ringBytes: settings.traceRingSize,
      nodeArguments: settings.nodeArguments,
      maxRecords: settings.maxRecordsKept,
      workerMemoryMb: settings.maxWorkerMemoryMb,
    });
    this.currentSession = session;
    this.output.appendLine(`[threadline] run ${session.sessionId}: ${programPath} (host pid ${session.hostPid ?? '-'})`);

    const listeners = new DisposableStore();
    listeners.add(session.onDidChange((change) => this.changeEmitter.fire(change)));
    listeners.add(
      session.onDidEnd(() => {
        const end = session.end;
        if (end) {
          const detail = end.error ? `: ${end.error}` : '';
          this.output.appendLine(`[threadline] run ${session.sessionId} ${end.reason}, exit code ${end.exitCode}${detail}`);
          // Threadline's own trouble (the host died, was killed, or the run outgrew its limit), not the program's: say it where it is seen.
          if (end.error) void vscode.window.showErrorMessage(`Threadline: ${end.error}`);
        }
        void this.updateContext();
        this.endEmitter.fire(session);
      }),
    );
    this.currentListeners.value = listeners;

    void this.updateContext();
    this.startEmitter.fire(session);
    return session;
  }

  /** Shows a finished run from a trace file in every view, in place of the current session. */
  load(trace: TraceFile, tracePath: string): TraceSession {
    this.currentSession?.dispose();
    this.currentListeners.value = undefined;
    const session = new TraceSession(trace, tracePath);
    this.currentSession = session;
    this.output.appendLine(`[threadline] loaded ${tracePath}: ${trace.events.length} events of ${trace.run.program}`);
    void this.updateContext();
    this.startEmitter.fire(session);
    return session;
  }

  /** A line in the Threadline output channel (diagnostics: refused requests, host problems). */
  log(line: string): void {
    this.output.appendLine(line);
  }

  /** Stops the live run, if any; true when there was one. */
  stopCurrent(): boolean {
    const session = this.live;
    session?.stop();
    return session !== undefined;
  }

  dispose(): void {
    this.currentSession?.dispose();
    this.currentSession = undefined;
    this.store.dispose();
  }

  private updateContext(): Thenable<unknown> {
    void vscode.commands.executeCommand('setContext', HAS_SESSION_CONTEXT_KEY, this.currentSession !== undefined);
    return vscode.commands.executeCommand('setContext', RUNNING_CONTEXT_KEY, this.live !== undefined);
  }
}

export function registerRunSessions(context: vscode.ExtensionContext): RunSessions {
  const output = vscode.window.createOutputChannel('Threadline');
  context.subscriptions.push(output);
  const sessions = new RunSessions(path.join(context.extensionPath, 'dist', 'host.js'), output);
  context.subscriptions.push(sessions);
  return sessions;
}
