import { strict as assert } from 'node:assert';
import { failureSite, failureSites } from '../../src/extension/failureSites';
import { programPath, runProgram } from './support/runProgram';

describe('failures that name a line (for the Problems panel)', function () {
  this.slow(3000);

  it('finds the line of a SyntaxError in the program, from a real run', async () => {
    const { model } = await runProgram(programPath('syntax-error.ts'));
    const [failure, ...more] = failureSites(model);
    assert.deepEqual(more, []);
    assert.deepEqual(failure?.site, { file: programPath('syntax-error.ts'), line: 5, column: 13 });
    assert.match(failure?.message ?? '', /^SyntaxError: /);
    assert.doesNotMatch(failure?.message ?? '', /\(at /, 'the location is not repeated in the message');
    assert.equal(failure?.workerName, 'MainProcess');
  });

  it('names no line for failures that do not give one (an uncaught throw, exit(n), terminate())', async () => {
    const { model } = await runProgram(programPath('exit-codes.ts'));
    assert.ok([...model.workers.values()].some((w) => w.exitCode === 1 && w.error), 'the fixture has a failure with an error');
    assert.deepEqual(failureSites(model), []);
  });

  it('reads a file path with colons and spaces', () => {
    assert.deepEqual(failureSite("SyntaxError: Unexpected token ';' (at /tmp/a b:c/x.ts:12:3)\n    at stack"), {
      message: "SyntaxError: Unexpected token ';'",
      site: { file: '/tmp/a b:c/x.ts', line: 12, column: 3 },
    });
  });
});
