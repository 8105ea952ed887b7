/**
 * Editor decorations for where workers are stuck right now: an after-line annotation at each
 * blocked call ("Process-2 waiting on lock `b` held by Process-1 · 1.2 s") with a hover giving
 * the full picture, and a gutter icon on each line of a deadlock. Recomputed when the session
 * changes (throttled) and every second while a run is live, so they disappear as soon as the
 * run moves on. What was set is kept readable for tests (`applied`), not only painted.
 */
import * as vscode from 'vscode';
import { blockedLines, type BlockedLine } from './blockedLines';
import { DisposableStore } from './disposables';
import type { RunSessions } from './runSessions';
import { REFRESH_INTERVAL_MS } from './sessionTree';
import { Throttle } from './throttle';

const TICK_INTERVAL_MS = 1000;

/** What one editor shows, as plain data. */
export interface AppliedDecorations {
  /** 1-based line → annotation text. */
  readonly annotations: ReadonlyArray<{ readonly line: number; readonly text: string; readonly hover: string }>;
  /** 1-based lines with the deadlock gutter icon. */
  readonly gutter: readonly number[];
}

export class BlockedLineDecorations implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly annotationType: vscode.TextEditorDecorationType;
  private readonly deadlockType: vscode.TextEditorDecorationType;
  private readonly updateEmitter = this.store.add(new vscode.EventEmitter<void>());
  private readonly throttle = this.store.add(new Throttle(() => this.update(), REFRESH_INTERVAL_MS));
  private tick: NodeJS.Timeout | undefined;
  /** The blocked lines of the current session, as last computed. */
  lines: readonly BlockedLine[] = [];
  /** What each visible editor was given, by document URI. */
  readonly applied = new Map<string, AppliedDecorations>();
  /** Fires after every repaint (tests wait on it instead of on time). */
  readonly onDidUpdate = this.updateEmitter.event;

  constructor(
    private readonly sessions: RunSessions,
    extensionUri: vscode.Uri,
  ) {
    this.annotationType = this.store.add(
      vscode.window.createTextEditorDecorationType({
        after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }),
    );
    this.deadlockType = this.store.add(
      vscode.window.createTextEditorDecorationType({
        gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'deadlock-gutter.svg'),
        gutterIconSize: 'contain',
        isWholeLine: true,
        backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
        overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.errorForeground'),
        overviewRulerLane: vscode.OverviewRulerLane.Left,
      }),
    );
    this.store.add(sessions.onDidStart(() => this.updateNow()));
    this.store.add(sessions.onDidChange(() => this.throttle.schedule()));
    this.store.add(sessions.onDidEnd(() => this.updateNow()));
    this.store.add(vscode.window.onDidChangeVisibleTextEditors(() => this.paint()));
    this.store.add({ dispose: () => this.setTicking(false) });
  }

  /** Recomputes the blocked lines and repaints every visible editor. */
  update(): void {
    const session = this.sessions.current;
    this.lines = session ? blockedLines(session.model, session.now()) : [];
    this.setTicking(session?.isLive === true && this.lines.length > 0);
    this.paint();
  }

  dispose(): void {
    this.store.dispose();
  }

  private updateNow(): void {
    this.throttle.schedule();
    this.throttle.flush();
  }

  private paint(): void {
    this.applied.clear();
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.scheme !== 'file') continue;
      const file = editor.document.uri.fsPath;
      const mine = this.lines.filter((l) => l.file === file && l.line <= editor.document.lineCount);
      const annotations = mine.map((l): vscode.DecorationOptions => {
        const line = editor.document.lineAt(l.line - 1);
        const start = Math.min(Math.max(0, l.column - 1), line.range.end.character);
        const hover = new vscode.MarkdownString(l.hover, true);
        return {
          range: new vscode.Range(line.lineNumber, start, line.lineNumber, line.range.end.character),
          hoverMessage: hover,
          renderOptions: { after: { contentText: l.text } },
        };
      });
      const gutter = mine.filter((l) => l.problems.includes('deadlock')).map((l) => editor.document.lineAt(l.line - 1).range);
      editor.setDecorations(this.annotationType, annotations);
      editor.setDecorations(this.deadlockType, gutter);
      if (mine.length > 0) {
        this.applied.set(editor.document.uri.toString(), {
          annotations: mine.map((l) => ({ line: l.line, text: l.text, hover: l.hover })),
          gutter: mine.filter((l) => l.problems.includes('deadlock')).map((l) => l.line),
        });
      }
    }
    this.updateEmitter.fire();
  }

  private setTicking(on: boolean): void {
    if (on && !this.tick) this.tick = setInterval(() => this.throttle.schedule(), TICK_INTERVAL_MS);
    if (!on && this.tick) {
      clearInterval(this.tick);
      this.tick = undefined;
    }
  }
}

export function registerDecorations(context: vscode.ExtensionContext, sessions: RunSessions): BlockedLineDecorations {
  const decorations = new BlockedLineDecorations(sessions, context.extensionUri);
  context.subscriptions.push(decorations);
  return decorations;
}
