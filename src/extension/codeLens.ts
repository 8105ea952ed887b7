/**
 * "Run with Threadline" above the import of the runtime in any JavaScript or TypeScript file
 * that imports 'threadline' (import, dynamic import or require). Reading the text is all it
 * does: no parsing, no I/O, cheap enough to run on every edit.
 */
import * as vscode from 'vscode';
import { COMMAND } from './commands';

/** `from 'threadline'`, `import 'threadline'`, `import('threadline')`, `require("threadline")`. */
const IMPORTS_THREADLINE = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])threadline\1/;
/** Only the head of a file is searched: imports come first, and huge files stay cheap. */
const SCAN_LINES = 200;

export const CODE_LENS_SELECTOR: vscode.DocumentSelector = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'].flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

/** The 0-based line of the first import of 'threadline', if the document has one. */
export function threadlineImportLine(document: vscode.TextDocument): number | undefined {
  const last = Math.min(document.lineCount, SCAN_LINES);
  for (let line = 0; line < last; line++) {
    if (IMPORTS_THREADLINE.test(document.lineAt(line).text)) return line;
  }
  return undefined;
}

export class RunWithThreadlineLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const line = threadlineImportLine(document);
    if (line === undefined) return [];
    const range = new vscode.Range(line, 0, line, 0);
    return [
      new vscode.CodeLens(range, { command: COMMAND.runCurrentFile, title: '$(play) Run with Threadline', tooltip: 'Run this file under Threadline and watch every worker', arguments: [document.uri] }),
    ];
  }
}

export function registerCodeLens(context: vscode.ExtensionContext): RunWithThreadlineLens {
  const provider = new RunWithThreadlineLens();
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(CODE_LENS_SELECTOR, provider));
  return provider;
}
