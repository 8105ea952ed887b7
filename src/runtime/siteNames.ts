/**
 * Names for primitives made by a factory call rather than `new`: `const tasks = manager.Queue()`
 * is "tasks", `const [a, b] = Pipe()` gives "a" and "b". Read from the creation site's line
 * (creation only: never on a fast path).
 */
import { readFileSync } from 'node:fs';
import type { SourceSite } from '../model/trace';

const lines = new Map<string, readonly string[]>();

function textBefore(site: SourceSite): string | undefined {
  let fileLines = lines.get(site.file);
  if (!fileLines) {
    try {
      fileLines = readFileSync(site.file, 'utf8').split('\n');
    } catch {
      fileLines = [];
    }
    lines.set(site.file, fileLines);
  }
  return fileLines[site.line - 1]?.slice(0, Math.max(0, site.column - 1));
}

const IDENT = '[A-Za-z_$][\\w$]*';
/** `name =`, `name: Type =`, `this.name =`, `name:` (object literal), then an optional `a.b.` receiver. */
const ASSIGNED = new RegExp(`(${IDENT})\\s*(?::[^=]*)?[=:]\\s*(?:new\\s+)?(?:${IDENT}\\s*\\.\\s*)*$`);
const PAIR = new RegExp(`\\[\\s*(${IDENT})\\s*,\\s*(${IDENT})\\s*\\]\\s*(?::[^=]*)?=\\s*(?:${IDENT}\\s*\\.\\s*)*$`);

export function assignedName(site: SourceSite | undefined): string | undefined {
  const before = site && textBefore(site);
  return before ? ASSIGNED.exec(before)?.[1] : undefined;
}

export function destructuredNames(site: SourceSite | undefined): [string, string] | undefined {
  const before = site && textBefore(site);
  const match = before ? PAIR.exec(before) : null;
  return match ? [match[1]!, match[2]!] : undefined;
}
