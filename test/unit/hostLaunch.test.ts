import { strict as assert } from 'node:assert';
import { backgroundThreadsFor, hostLaunch } from '../../src/host/launch';

describe('host launch', () => {
  it("leaves the workers a CPU V8's background threads do not take, with at least one thread and at most Node's four", () => {
    assert.deepEqual([1, 2, 3, 4, 5, 16].map(backgroundThreadsFor), [1, 1, 2, 3, 4, 4]);
  });

  it('starts the host with the loader options and the pool size', () => {
    const { execArgv } = hostLaunch('/dist', '/program.ts');
    assert.ok(execArgv.includes('--experimental-vm-modules'));
    assert.equal(execArgv.filter((flag) => flag.startsWith('--v8-pool-size=')).length, 1);
  });
});
