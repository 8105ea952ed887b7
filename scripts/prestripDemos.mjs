// Strips the types out of every bundled demo at build time, into dist/stripped/ under the name
// the program loader looks for (src/runtime/strippedSource.ts: strippedCacheKey). A demo then
// starts without loading TypeScript's parser (several hundred ms on a worker's critical path).
// Called by esbuild.mjs after the stripped-source and stripper bundles are built.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function prestripDemos(root) {
  const dist = join(root, 'dist');
  const { strippedCacheKey } = await import(pathToFileURL(join(dist, 'stripped-source.mjs')).href);
  const { stripTypes } = await import(pathToFileURL(join(dist, 'strip.mjs')).href);
  const out = join(dist, 'stripped');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const demos = join(root, 'demos');
  let count = 0;
  for (const name of readdirSync(demos)) {
    if (!/\.(m|c)?ts$/.test(name)) continue;
    const path = join(demos, name);
    const source = readFileSync(path, 'utf8');
    writeFileSync(join(out, `${strippedCacheKey(path, source)}.js`), stripTypes(source, path));
    count++;
  }
  return count;
}
