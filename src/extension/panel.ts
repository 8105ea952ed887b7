/**
 * The Threadline panel: one webview beside the editor showing the current run's timeline.
 * The webview is a view of the extension's events: on `ready` (first load, reload after
 * being hidden, or after it lost a batch) it gets a complete `reset` snapshot, then one
 * `events` delta per batch with consecutive `seq`, then `runEnd`. It never sees a partial run.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PanelMessage, PanelRequest } from '../model/messages';
import { DisposableStore } from './disposables';
import { EXPORT_TRACE_COMMAND } from './exportTrace';
import { readInlinedAssets, renderPanelHtml, type InlinedAssets } from './panelHtml';
import type { Session, SessionChange } from './session';
import type { RunSessions } from './runSessions';
import { readSettings } from './settings';
import { knownSourceFiles } from './sourceFiles';
import { vetWebviewMessage } from './webviewRequests';

export const PANEL_VIEW_TYPE = 'threadline.panel';

/** Owns the (single) panel: creates it, revives it after a reload, feeds it the current run. */
export class PanelHost implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly postEmitter = this.store.add(new vscode.EventEmitter<PanelMessage>());
  private panel: ThreadlinePanel | undefined;
  /** The bundle and stylesheet the panel's HTML carries inline (see panelHtml.ts). */
  private inlined: InlinedAssets | undefined;

  /** Every message posted to the webview (tests read the stream instead of the webview's DOM). */
  readonly onDidPostMessage = this.postEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sessions: RunSessions,
  ) {
    this.store.add(sessions.onDidStart((session) => this.panel?.onSessionStart(session)));
    this.store.add(sessions.onDidChange((change) => this.panel?.onSessionChange(change)));
    this.store.add(sessions.onDidEnd((session) => this.panel?.onSessionEnd(session)));
    // A new palette means new HTML; the reloaded webview asks for a snapshot and keeps its view state.
    this.store.add(
      vscode.workspace.onDidChangeConfiguration((change) => {
        const open = this.panel?.webviewPanel;
        if (open && change.affectsConfiguration('threadline.laneColors')) open.webview.html = this.html(open.webview);
      }),
    );
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** True once the open panel's webview has loaded and asked for its snapshot. */
  get isReady(): boolean {
    return this.panel?.isReady ?? false;
  }

  /** The editor column the open panel is in; undefined when it is not open. */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel?.webviewPanel.viewColumn;
  }

  /** Opens the panel beside the editor, or brings it forward. */
  show(preserveFocus: boolean): void {
    if (this.panel) {
      if (!this.panel.webviewPanel.visible || !preserveFocus) this.panel.webviewPanel.reveal(undefined, preserveFocus);
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Threadline',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      // Hidden panels are rebuilt from a snapshot on `ready`: cheaper than keeping them alive.
      { ...this.webviewOptions(), retainContextWhenHidden: false },
    );
    this.adopt(webviewPanel);
  }

  /** A panel VS Code restored after a window reload (WebviewPanelSerializer). */
  revive(webviewPanel: vscode.WebviewPanel): void {
    this.panel?.webviewPanel.dispose();
    webviewPanel.webview.options = this.webviewOptions();
    this.adopt(webviewPanel);
  }

  dispose(): void {
    this.panel?.webviewPanel.dispose();
    this.store.dispose();
  }

  private adopt(webviewPanel: vscode.WebviewPanel): void {
    const panel = new ThreadlinePanel(webviewPanel, this.sessions, (message) => this.postEmitter.fire(message));
    this.panel = panel;
    webviewPanel.webview.html = this.html(webviewPanel.webview);
    webviewPanel.onDidDispose(() => {
      panel.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
  }

  private webviewOptions(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      // The bundle and stylesheet come inline; the codicons' stylesheet and font are all it loads.
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'node_modules', '@vscode', 'codicons', 'dist')],
    };
  }

  private html(webview: vscode.Webview): string {
    const uri = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    // Read once: a reload (a palette change, a revived panel) inlines the same text again.
    this.inlined ??= readInlinedAssets(this.extensionUri.fsPath);
    return renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      ...this.inlined,
      codiconsUri: uri('node_modules', '@vscode', 'codicons', 'dist', 'codicon.css'),
      palette: readSettings().laneColors,
    });
  }
}

/** One webview panel's conversation with its webview. */
class ThreadlinePanel implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private ready = false;
  /** Sequence of what this panel posted: a reset carries the current value, each delta the next. */
  private seq = 0;
  /** The session the webview's last snapshot showed, and whether it already had its run info. */
  private shown: { session: Session | undefined; hadRun: boolean } = { session: undefined, hadRun: false };

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    private readonly sessions: RunSessions,
    private readonly onPost: (message: PanelMessage) => void,
  ) {
    this.store.add(webviewPanel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    this.store.add(
      webviewPanel.onDidChangeViewState(() => {
        // Without retained context a hidden webview is torn down; it says `ready` again when shown.
        if (!webviewPanel.visible) this.ready = false;
      }),
    );
  }

  get isReady(): boolean {
    return this.ready;
  }

  onSessionStart(session: Session): void {
    // A snapshot without run info would read "No run yet"; the previous run stays on screen
    // until the host's hello names the new one (a snapshot follows at once), unless the host
    // already said hello.
    if (this.ready && session.run) this.postReset();
  }

  onSessionChange({ session, events }: SessionChange): void {
    if (!this.ready) return;
    if (this.shown.session !== session || (!this.shown.hadRun && session.run)) this.postReset();
    else if (events.length > 0) this.post({ type: 'events', seq: ++this.seq, events });
  }

  onSessionEnd(session: Session): void {
    if (!this.ready || !session.end) return;
    if (this.shown.session !== session || !this.shown.hadRun) this.postReset();
    else this.post({ type: 'runEnd', end: session.end });
  }

  dispose(): void {
    this.store.dispose();
  }

  private receive(message: unknown): void {
    const vetted = vetWebviewMessage(message, () => {
      const session = this.shown.session;
      return session ? knownSourceFiles(session.model, session.programPath) : new Set();
    });
    if (vetted.ok) this.handle(vetted.request);
    else this.sessions.log(`[threadline] panel: ${vetted.why}`);
  }

  private handle(request: PanelRequest): void {
    switch (request.type) {
      case 'ready':
        this.ready = true;
        this.postReset();
        return;
      case 'revealSource':
        void this.revealSource(request.file, request.line, request.column);
        return;
      case 'export':
        void vscode.commands.executeCommand(EXPORT_TRACE_COMMAND);
        return;
    }
  }

  private postReset(): void {
    const session = this.sessions.current;
    this.shown = { session, hadRun: session?.run !== undefined };
    this.post({
      type: 'reset',
      run: session?.run,
      // A copy: later batches must not grow a snapshot that is still in flight.
      events: session ? session.events.slice() : [],
      seq: ++this.seq,
      ...(session?.end ? { end: session.end } : {}),
    });
  }

  private post(message: PanelMessage): void {
    void this.webviewPanel.webview.postMessage(message);
    this.onPost(message);
  }

  /** Opens a file the webview names (vetted: one the run itself told us about). */
  private async revealSource(file: string, line: number, column: number): Promise<void> {
    const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    // Open in the editor group the panel is not in, so the timeline stays in view.
    const viewColumn = this.webviewPanel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), viewColumn });
  }
}

export function registerPanel(context: vscode.ExtensionContext, sessions: RunSessions): PanelHost {
  const host = new PanelHost(context.extensionUri, sessions);
  context.subscriptions.push(
    host,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel) {
        host.revive(webviewPanel);
      },
    }),
    sessions.onDidStart(() => {
      if (readSettings().openPanelOnRun) host.show(true);
    }),
  );
  return host;
}
