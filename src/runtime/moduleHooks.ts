/**
 * Node module hooks for every worker of a run:
 *  - `threadline` resolves to this runtime, so the program needs no install to import it and
 *    every import in a thread shares one runtime instance;
 *  - TypeScript files load with their types blanked out (positions kept, so stack lines are
 *    the user's lines without source maps). Stripped copies are cached on disk by content
 *    hash, so only the first worker to load a file pays for TypeScript's parser; the bundled
 *    demos come with theirs (made at build time), so a demo never pays for it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ResolveContext {
  readonly parentURL?: string;
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}
interface LoadContext {
  readonly format?: string | null;
}
interface LoadResult {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array | null;
  readonly shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

const runtimeUrl = new URL('./runtime.mjs', import.meta.url).href;
const TS_FILE = /\.(?:m|c)?ts$/;
const cacheDir = process.env.THREADLINE_CACHE_DIR ?? join(tmpdir(), 'threadline-ts-cache');
/** Stripped copies made at build time (the demos'), next to this bundle. */
const bundledDir = fileURLToPath(new URL('./stripped/', import.meta.url));
/** Bumped when the stripper's output changes, so no copy from an older one is used. */
const STRIP_FORMAT = 1;

/**
 * The name of a stripped copy: the source and its kind decide the output, not where the file
 * is, so a demo copied elsewhere or installed in another folder finds the same copy.
 */
export function strippedCacheKey(path: string, source: string): string {
  const kind = /\.(m|c)?ts$/.exec(path)?.[0] ?? '';
  return createHash('sha1').update(`${STRIP_FORMAT}\0${kind}\0`).update(source).digest('hex');
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  if (specifier === 'threadline') return { url: runtimeUrl, format: 'module', shortCircuit: true };
  try {
    return await next(specifier, context);
  } catch (error) {
    // TypeScript programs import './helper.js' or './helper' meaning './helper.ts'.
    if (!isRelative(specifier) || !context.parentURL || !TS_FILE.test(context.parentURL)) throw error;
    for (const candidate of [specifier.replace(/\.(m|c)?js$/, '.$1ts'), `${specifier}.ts`]) {
      if (candidate === specifier) continue;
      try {
        return await next(candidate, context);
      } catch {
        // try the next spelling
      }
    }
    throw error;
  }
}

export async function load(url: string, context: LoadContext, next: NextLoad): Promise<LoadResult> {
  if (url.startsWith('file:') && TS_FILE.test(url)) {
    const path = fileURLToPath(url);
    const source = readFileSync(path, 'utf8');
    return { format: url.endsWith('.cts') ? 'commonjs' : 'module', source: await strippedSource(path, source), shortCircuit: true };
  }
  const result = await next(url, context);
  // Plain .js programs written with import/export outside a "type": "module" package.
  if (result.format === 'commonjs' && url.startsWith('file:') && !url.includes('/node_modules/')) {
    const source = readFileSync(fileURLToPath(url), 'utf8');
    if (/^\s*(?:import\s*[\w{*'"]|export\s)/m.test(source)) return { format: 'module', source, shortCircuit: true };
  }
  return result;
}

async function strippedSource(path: string, source: string): Promise<string> {
  const key = strippedCacheKey(path, source);
  const cached = join(cacheDir, `${key}.js`);
  for (const copy of [join(bundledDir, `${key}.js`), cached]) {
    try {
      return readFileSync(copy, 'utf8');
    } catch {
      // not there
    }
  }
  const { stripTypes } = (await import('./strip.mjs' as string)) as { stripTypes: (source: string, file: string) => string };
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

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}
