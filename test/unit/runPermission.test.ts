import { strict as assert } from 'node:assert';
import { isBundledDemo, mayRun } from '../../src/extension/runPermission';

describe('restricted mode: what may run', () => {
  const demos = '/ext/threadline/demos';

  it('runs only bundled demos in an untrusted workspace', () => {
    assert.equal(mayRun('/ext/threadline/demos/event-gate.ts', demos, false), true);
    assert.equal(mayRun('/home/me/project/main.ts', demos, false), false);
    assert.equal(mayRun('/home/me/project/main.ts', demos, true), true);
  });

  it('is not fooled by look-alike or escaping paths', () => {
    assert.equal(isBundledDemo('/ext/threadline/demos-evil/x.ts', demos), false);
    assert.equal(isBundledDemo('/ext/threadline/demos/../package.json', demos), false);
    assert.equal(isBundledDemo(demos, demos), false);
  });
});
