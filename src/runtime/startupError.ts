/**
 * Makes a program's load failure say where it is. V8 reports a syntax error in an ES module
 * with no file or line, so on a SyntaxError the program is parsed again (with TypeScript's
 * parser, loaded only now) to find the spot.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function describeStartupError(error: unknown, moduleUrl: string): Promise<string> {
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  if (!(error instanceof SyntaxError) || / \(at .+:\d+:\d+\)$/m.test(error.message)) return stack;
  try {
    const file = fileURLToPath(moduleUrl);
    const { findSyntaxError } = (await import(new URL('./strip.mjs', import.meta.url).href)) as typeof import('./stripTypes');
    const found = findSyntaxError(readFileSync(file, 'utf8'), file);
    if (!found) return stack;
    return `SyntaxError: ${error.message} (at ${file}:${found.line}:${found.column})\n${stack.split('\n').slice(1).join('\n')}`;
  } catch {
    return stack;
  }
}
