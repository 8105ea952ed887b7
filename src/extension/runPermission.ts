/**
 * Restricted mode: in an untrusted workspace Threadline never runs the user's files (running a
 * program is executing code), but the bundled demos and saved traces stay available.
 * Pure path logic; the trust flag comes from the caller.
 */
import * as path from 'node:path';

export function isBundledDemo(programPath: string, demosDir: string): boolean {
  const relative = path.relative(path.resolve(demosDir), path.resolve(programPath));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export function mayRun(programPath: string, demosDir: string, workspaceTrusted: boolean): boolean {
  return workspaceTrusted || isBundledDemo(programPath, demosDir);
}

export const UNTRUSTED_MESSAGE =
  'Threadline runs programs only in a trusted workspace (running a program executes its code). ' +
  'The bundled demos and saved traces still work in restricted mode.';
