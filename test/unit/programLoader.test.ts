// A program is more than one file: the worker's program loader (src/runtime/programLoader.ts)
// must link what Node's own loader would, from the program's folder, in every worker.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from './support/runProgram';

function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

describe('program loader', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tl-loader-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("links the program's own files, its packages, JSON and dynamic imports, in the main worker and in a child", async () => {
    writeFiles(dir, {
      'main.ts': [
        "import { Event, Process, isMainProcess } from 'threadline';",
        "import { gate, describe, work } from './helper.js';",
        "import { shout } from 'esm-only';",
        "import data from './data.json' with { type: 'json' };",
        'export { work };',
        'const where: string = import.meta.url;',
        'if (isMainProcess()) {',
        "  console.log(shout(describe()), data.answer, where.endsWith('/main.ts'), gate instanceof Event);",
        "  const lazy = await import('./lazy.ts');",
        '  console.log(lazy.late());',
        "  const child = new Process({ target: work, args: [gate] });",
        '  child.start();',
        '  child.join();',
        "  console.log('child exit', child.exitCode);",
        '}',
      ].join('\n'),
      'helper.ts': [
        "import { Event, currentProcess } from 'threadline';",
        'export const gate: Event = new Event();',
        "export function describe(): string { return 'helper from ' + currentProcess().name; }",
        "export function work(shared: Event): void { console.log('child sees', shared instanceof Event, describe()); }",
      ].join('\n'),
      'lazy.ts': "export const late = (): string => 'lazy loaded';\n",
      'data.json': '{ "answer": 42 }\n',
      'node_modules/esm-only/package.json': JSON.stringify({ name: 'esm-only', type: 'module', exports: { '.': { import: './index.js' } } }),
      'node_modules/esm-only/index.js': 'export const shout = (text) => text.toUpperCase();\n',
    });
    const { end, model } = await runProgram(join(dir, 'main.ts'));
    const lines = model.output.map((line) => line.text);
    assert.equal(end.exitCode, 0, lines.join('\n'));
    assert.deepEqual(lines, ['HELPER FROM MAINPROCESS 42 true true', 'lazy loaded', 'child sees true helper from Process-1', 'child exit 0']);
  });

  it('names the missing file and the file that imports it', async () => {
    writeFiles(dir, { 'main.ts': "import { nothing } from './missing.js';\nconsole.log(nothing);\n" });
    const { end, model } = await runProgram(join(dir, 'main.ts'));
    assert.equal(end.exitCode, 1);
    const text = model.output.map((line) => line.text).join('\n');
    assert.match(text, new RegExp(`Cannot find module '${join(dir, 'missing.js').replace(/[/\\.]/g, '\\$&')}' imported from ${join(dir, 'main.ts').replace(/[/\\.]/g, '\\$&')}`));
  });

  it('a stack line of the program is its own file and line', async () => {
    writeFiles(dir, { 'main.ts': "const at: string = new Error('here').stack ?? '';\nconsole.log(at.split('\\n')[1]);\n" });
    const { end, model } = await runProgram(join(dir, 'main.ts'));
    assert.equal(end.exitCode, 0);
    assert.match(model.output[0]?.text ?? '', new RegExp(`${join(dir, 'main.ts').replace(/[/\\.]/g, '\\$&')}:1:20`));
  });
});
