/**
 * The one live run at a time. Starting a run stops the one before it (without asking:
 * a second Run is the user's answer). The views follow `current`: the latest session,
 * live or ended, so the last run stays on screen until the next one starts.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore, MutableDisposable } from './disposables';
import { RunSession, type RunSessionChange } from './runSession';

/** Context key: true while a run is live (enables Stop Run). */
export const RUNNING_CONTEXT_KEY = 'threadline.running';

export class RunSessions implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly currentListeners = this.store.add(new MutableDisposable<DisposableStore>());
  private readonly startEmitter = this.store.add(new vscode.EventEmitter<RunSession>());
  private readonly changeEmitter = this.store.add(new vscode.EventEmitter<RunSessionChange>());
  private readonly endEmitter = this.store.add(new vscode.EventEmitter<RunSession>());
  private currentSession: RunSession | undefined;

  /** A new run began (it is `current` already). */
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
  get current(): RunSession | undefined {
    return this.currentSession;
  }

  get live(): RunSession | undefined {
    return this.currentSession?.isLive ? this.currentSession : undefined;
  }

  start(programPath: string): RunSession {
    // The previous session stops (its kill timer lives on) and no longer talks to anyone.
    this.currentSession?.dispose();
    const session = new RunSession({
      hostScript: this.hostScript,
      programPath,
      log: (text) => this.output.append(text),
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
