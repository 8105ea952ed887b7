// Keeps the rooms honest (as Perfetto's import allowlist does): src/model is pure, only
// src/extension talks to VS Code, and nothing but the webview and extension reaches the panel.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './support/runProgram';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('architecture', () => {
  const src = join(repoRoot, 'src');
  const files = sources(src).map((path) => ({ path, room: relative(src, path).split('/')[0]!, imports: importsOf(path) }));

  it('only src/extension imports vscode', () => {
    const offenders = files.filter((f) => f.room !== 'extension' && f.imports.includes('vscode')).map((f) => relative(repoRoot, f.path));
    assert.deepEqual(offenders, []);
  });

  it('src/model does no I/O and depends on nothing outside itself', () => {
    const offenders = files
      .filter((f) => f.room === 'model')
      .flatMap((f) => f.imports.filter((i) => !i.startsWith('./')).map((i) => `${relative(repoRoot, f.path)} imports ${i}`));
    assert.deepEqual(offenders, []);
  });

  it('the webview bundle stays out of node and the extension', () => {
    const offenders = files
      .filter((f) => f.room === 'webview')
      .flatMap((f) => f.imports.filter((i) => i.startsWith('node:') || i.includes('/extension/') || i.includes('/host/')).map((i) => `${relative(repoRoot, f.path)} imports ${i}`));
    assert.deepEqual(offenders, []);
  });
});
