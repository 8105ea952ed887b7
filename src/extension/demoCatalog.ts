/**
 * The bundled demos: `demos/catalog.json` (CONTRACTS.md), read and checked entry by entry so a
 * broken entry is skipped with a reason instead of breaking the picker. Pure Node, no `vscode`.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

export interface DemoEntry {
  readonly id: string;
  /** Relative to the demos folder. */
  readonly file: string;
  readonly title: string;
  readonly description: string;
  /** The lesson group the Run Demo picker files it under (one of DEMO_GROUPS; optional). */
  readonly group?: string;
}

/** The picker's groups, in the order it shows them; demos with another or no group come last. */
export const DEMO_GROUPS: readonly string[] = ['Events', 'Locks', 'Pools', 'Queues & Pipes', 'Barriers & Conditions', 'Deadlocks', 'Processes'];

/** The demos grouped for the picker: DEMO_GROUPS order, catalog order inside a group. */
export function groupDemos(demos: readonly DemoEntry[]): { readonly group: string; readonly demos: readonly DemoEntry[] }[] {
  const rank = (demo: DemoEntry) => {
    const index = demo.group === undefined ? -1 : DEMO_GROUPS.indexOf(demo.group);
    return index < 0 ? DEMO_GROUPS.length : index;
  };
  const groups = new Map<number, DemoEntry[]>();
  for (const demo of demos) groups.set(rank(demo), [...(groups.get(rank(demo)) ?? []), demo]);
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, members]) => ({ group: DEMO_GROUPS[index] ?? 'Other', demos: members }));
}

export interface DemoCatalog {
  readonly demos: readonly DemoEntry[];
  /** Why some entries were left out (shown in the output channel). */
  readonly problems: readonly string[];
}

export function isDemoEntry(value: unknown): value is DemoEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.id === 'string' &&
    typeof entry.file === 'string' &&
    typeof entry.title === 'string' &&
    typeof entry.description === 'string' &&
    (entry.group === undefined || typeof entry.group === 'string')
  );
}

export async function readDemoCatalog(demosDir: string): Promise<DemoCatalog> {
  const catalogPath = path.join(demosDir, 'catalog.json');
  const parsed: unknown = JSON.parse(await readFile(catalogPath, 'utf8'));
  if (!Array.isArray(parsed)) return { demos: [], problems: [`${catalogPath} is not a JSON array`] };
  const demos: DemoEntry[] = [];
  const problems: string[] = [];
  parsed.forEach((entry: unknown, index) => {
    if (!isDemoEntry(entry)) problems.push(`catalog entry ${index} lacks id, file, title or description`);
    // A catalog entry must stay inside demos/: the file is run, so no `..` escapes.
    else if (path.isAbsolute(entry.file) || path.normalize(entry.file).startsWith('..')) problems.push(`demo ${entry.id}: file must be inside demos/`);
    else demos.push(entry);
  });
  return { demos, problems };
}

export function demoPath(demosDir: string, demo: DemoEntry): string {
  return path.join(demosDir, demo.file);
}
