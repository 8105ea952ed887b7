// A bundled demo starts without TypeScript's parser: its type-stripped copy is made at build
// time (dist/stripped) and found by content, wherever the demo is installed. A program of the
// user's is stripped once and cached. Both are seen through the cache folder a run writes to.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programPath, repoRoot, runProgram } from './support/runProgram';

describe('type-stripped copies', function () {
  this.timeout(30_000);
  let cacheDir: string;
  const saved = process.env.THREADLINE_CACHE_DIR;

  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'tl-strip-cache-'));
    process.env.THREADLINE_CACHE_DIR = cacheDir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.THREADLINE_CACHE_DIR;
    else process.env.THREADLINE_CACHE_DIR = saved;
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const cached = () => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((name) => name.endsWith('.js')) : []);

  it('a bundled demo runs from its build-time copy and strips nothing', async () => {
    const { end, model } = await runProgram(join(repoRoot, 'demos', 'basics-process.ts'));
    assert.equal(end.exitCode, 0);
    assert.ok(model.output.some((line) => line.text === 'Hello from a subprocess!'), 'the demo ran');
    assert.deepEqual(cached(), []);
  });

  it("a user's TypeScript program is stripped once, into the cache", async () => {
    const { end } = await runProgram(programPath('exit-codes.ts'));
    assert.equal(typeof end.exitCode, 'number');
    assert.equal(cached().length, 1);
  });
});
