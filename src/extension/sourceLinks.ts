/**
 * Clicking an item opens a line of the user's program: one way to build that command, so every
 * view (Workers, Primitives, Problems) opens sources alike and tests can read where it goes.
 */
import * as vscode from 'vscode';
import type { SourceSite } from '../model/trace';

export function siteRange(site: SourceSite): vscode.Range {
  const position = new vscode.Position(Math.max(0, site.line - 1), Math.max(0, site.column - 1));
  return new vscode.Range(position, position);
}

/** `vscode.open` at the site, keeping the current editor group. */
export function openSiteCommand(site: SourceSite, title: string): vscode.Command {
  return {
    command: 'vscode.open',
    title,
    arguments: [vscode.Uri.file(site.file), { selection: siteRange(site) } satisfies vscode.TextDocumentShowOptions],
  };
}

export async function revealSite(site: SourceSite): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.file(site.file), { selection: siteRange(site), preview: true });
}
