// Helpers for the sidebar tests: read any Threadline tree as rows (what a person reads), wait
// for the editor decorations to show something (on their update event, never a timer), and
// build synthetic traces for the Problems UI.
import * as vscode from 'vscode';
import type { ThreadlineApi } from '../../../src/extension/api';
import type { AppliedDecorations } from '../../../src/extension/decorations';

export interface TreeRow {
  readonly label: string;
  readonly description: string;
  readonly icon: string | undefined;
  /** Where a click goes: "file.ts:12:10", if it opens a source line. */
  readonly opens: string | undefined;
  readonly contextValue: string | undefined;
  readonly children: readonly TreeRow[];
}

interface Provider<T> {
  getChildren(element?: T): T[];
  getTreeItem(element: T): vscode.TreeItem;
}

export function rowsOf<T>(provider: Provider<T>, parent?: T): TreeRow[] {
  return provider.getChildren(parent).map((node) => {
    const item = provider.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
    return { label, description: String(item.description ?? ''), icon, opens: opens(item), contextValue: item.contextValue, children: rowsOf(provider, node) };
  });
}

function opens(item: vscode.TreeItem): string | undefined {
  const [uri, options] = (item.command?.arguments ?? []) as [vscode.Uri | undefined, vscode.TextDocumentShowOptions | undefined];
  if (item.command?.command !== 'vscode.open' || !uri) return undefined;
  const start = options?.selection?.start;
  const name = uri.path.split('/').pop();
  return start ? `${name}:${start.line + 1}:${start.character + 1}` : name;
}

/** Rows as indented text lines ("label — description"), for whole-tree comparisons. */
export function rowsText(rows: readonly TreeRow[], depth = 0): string[] {
  return rows.flatMap((row) => [`${'  '.repeat(depth)}${row.label}${row.description ? ` — ${row.description}` : ''}`, ...rowsText(row.children, depth + 1)]);
}

/** Resolves when `holds()` is true now or after one of the decorations' repaints. */
export function whenDecorations(api: ThreadlineApi, what: string, holds: () => boolean, timeoutMs = 15_000): Promise<void> {
  if (holds()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    // A safety net only: the test is driven by the update event, the timer just names the failure.
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`decorations never showed ${what}: ${JSON.stringify([...api.decorations.applied.entries()])}`));
    }, timeoutMs);
    const subscription = api.decorations.onDidUpdate(() => {
      if (!holds()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

export function appliedTo(api: ThreadlineApi, uri: vscode.Uri): AppliedDecorations | undefined {
  return api.decorations.applied.get(uri.toString());
}
