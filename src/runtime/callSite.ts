/**
 * Finds where in the user's code a call was made: the first stack frame outside the runtime.
 * Costs a stack capture (several µs), so callers use it only when creating a primitive or
 * about to block, never on a fast path.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SourceSite } from '../model/trace';

const FRAME = /\(?((?:file:\/\/|\/|[A-Za-z]:\\)[^()]*?):(\d+):(\d+)\)?$/;
/** The file this code was bundled into (the runtime): frames from it are never the user's. */
const runtimeFile = ownFile();

function ownFile(): string | undefined {
  const frame = new Error().stack?.split('\n')[1];
  const match = frame ? FRAME.exec(frame.trim()) : null;
  return match ? safeFilePath(match[1]!) : undefined;
}

let capturing = true;

/** Benchmarks with tracing off skip stack captures too, so "off" costs nothing of tracing. */
export function setSiteCapture(enabled: boolean): void {
  capturing = enabled;
}

/** `depth`: how many frames to look at; fewer is cheaper, where the user's frame is near. */
export function captureUserSite(depth = 16): SourceSite | undefined {
  if (!capturing) return undefined;
  // Structured frames instead of the formatted stack string: no string building or parsing,
  // which makes a capture several times cheaper on the path into every blocking call.
  const savedPrepare = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.stackTraceLimit = depth;
    Error.prepareStackTrace = (_error, frames) => frames;
    Error.captureStackTrace(holder, captureUserSite);
    for (const frame of holder.stack ?? []) {
      const location = frame.getFileName();
      if (!location || location.startsWith('node:')) continue;
      const file = pathOf(location);
      if (!file || file === runtimeFile) continue;
      return { file, line: frame.getLineNumber() ?? 0, column: frame.getColumnNumber() ?? 0 };
    }
    return undefined;
  } finally {
    Error.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
  }
}

const paths = new Map<string, string | undefined>();

function pathOf(location: string): string | undefined {
  let path = paths.get(location);
  if (path === undefined && !paths.has(location)) {
    path = safeFilePath(location);
    paths.set(location, path);
  }
  return path;
}

function safeFilePath(location: string): string | undefined {
  try {
    return location.startsWith('file://') ? fileURLToPath(location) : location;
  } catch {
    return undefined;
  }
}

const sourceLines = new Map<string, readonly string[]>();

/**
 * The variable a primitive is assigned to at its creation site (`const start = new Event()`
 * → "start"), so the picture speaks the user's words; undefined when there is none.
 */
export function variableNameAt(site: SourceSite | undefined, className: string): string | undefined {
  if (!site) return undefined;
  let lines = sourceLines.get(site.file);
  if (!lines) {
    try {
      lines = readFileSync(site.file, 'utf8').split('\n');
    } catch {
      lines = [];
    }
    sourceLines.set(site.file, lines);
  }
  const text = lines[site.line - 1];
  if (!text) return undefined;
  const before = text.slice(0, Math.max(0, site.column - 1));
  const pattern = new RegExp(`([A-Za-z_$][\\w$]*)\\s*(?::[^=]*)?[=:]\\s*(?:new\\s+)?$`);
  const match = pattern.exec(before.replace(/new\s+$/, '').trimEnd() + ' ');
  if (match && match[1] !== className) return match[1];
  return undefined;
}
