/**
 * TypeScript's parser, loaded only when needed (it is large): blanks types out of a program
 * keeping every position (no source map needed), and locates syntax errors, which V8 reports
 * for ES modules without a file or line.
 */
import tsBlankSpace from 'ts-blank-space';
import ts from 'typescript';

export function stripTypes(source: string, file: string): string {
  const syntax = findSyntaxError(source, file);
  if (syntax) throw new SyntaxError(`${syntax.message} (at ${file}:${syntax.line}:${syntax.column})`);
  const unsupported: string[] = [];
  const output = tsBlankSpace(source, (node) => {
    // The node's source file is not at hand (node.getText() would throw): slice the source.
    const text = source.slice(node.pos, node.end);
    const start = node.pos + (text.length - text.trimStart().length);
    const line = source.slice(0, start).split('\n').length;
    unsupported.push(`${text.trim().split('\n')[0] ?? ''} (line ${line})`);
  });
  if (unsupported.length > 0) {
    throw new SyntaxError(
      `${file}: Threadline runs TypeScript by erasing types, so it cannot run syntax that needs ` +
        `compiling (enum, namespace, parameter properties…): ${unsupported.join('; ')}`,
    );
  }
  return output;
}

export interface SyntaxErrorLocation {
  readonly message: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export function findSyntaxError(source: string, file: string): SyntaxErrorLocation | undefined {
  const kind = /\.(m|c)?tsx?$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, kind);
  // parseDiagnostics is internal to TypeScript but has been stable for years; a missing one only
  // means we say less.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  if (!first || first.start === undefined) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
  return { message: ts.flattenDiagnosticMessageText(first.messageText, '\n'), line: line + 1, column: character + 1 };
}
