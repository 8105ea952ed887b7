/**
 * TypeScript programs run with their types blanked out (positions kept, so stack lines are the
 * user's lines without source maps). Stripped copies are cached on disk by content hash, so
 * only the first worker to load a file pays for TypeScript's parser; the bundled demos come
 * with theirs (made at build time by scripts/prestripDemos.mjs), so a demo never pays for it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TS_FILE = /\.(?:m|c)?ts$/;
const cacheDir = process.env.THREADLINE_CACHE_DIR ?? join(tmpdir(), 'threadline-ts-cache');
/** Bumped when the stripper's output changes, so no copy from an older one is used. */
const STRIP_FORMAT = 1;

/**
 * The name of a stripped copy: the source and its kind decide the output, not where the file
 * is, so a demo copied elsewhere or installed in another folder finds the same copy.
 */
export function strippedCacheKey(path: string, source: string): string {
  const kind = TS_FILE.exec(path)?.[0] ?? '';
  return createHash('sha1').update(`${STRIP_FORMAT}\0${kind}\0`).update(source).digest('hex');
}

/** The demos' stripped copies, made at build time, next to the bundle this is part of. */
const bundledDir = fileURLToPath(new URL('./stripped/', import.meta.url));

/** `source` (the file at `path`) without its types. */
export async function strippedSource(path: string, source: string): Promise<string> {
  const key = strippedCacheKey(path, source);
  const cached = join(cacheDir, `${key}.js`);
  for (const copy of [join(bundledDir, `${key}.js`), cached]) {
    try {
      return readFileSync(copy, 'utf8');
    } catch {
      // not there
    }
  }
  const stripper = new URL('./strip.mjs', import.meta.url).href;
  const { stripTypes } = (await import(stripper)) as { stripTypes: (source: string, file: string) => string };
  const stripped = stripTypes(source, path);
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename, so a worker reading concurrently never sees half a file.
    const temp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temp, stripped);
    renameSync(temp, cached);
  } catch {
    // A cache we cannot write only costs speed.
  }
  return stripped;
}
