// The trees and editor annotations redraw through Throttle: a program printing or locking as
// fast as it can must not make VS Code redraw faster than the interval.
import { strict as assert } from 'node:assert';
import { Throttle } from '../../src/extension/throttle';

describe('view refresh throttle', () => {
  it('runs at most once per interval during a burst, and once more after it (nothing left stale)', async () => {
    const intervalMs = 20;
    const runs: number[] = [];
    const throttle = new Throttle(() => runs.push(Date.now()), intervalMs);
    const started = Date.now();
    let changes = 0;
    let lastChangeAt = 0;
    while (Date.now() - started < 150) {
      for (let i = 0; i < 100; i++, changes++) throttle.schedule();
      lastChangeAt = Date.now();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const burstEnd = Date.now();
    await new Promise((resolve) => setTimeout(resolve, intervalMs * 3));
    assert.ok(changes > 1000, `${changes} changes`);
    assert.ok(runs.length <= Math.ceil((burstEnd - started) / intervalMs) + 2, `${runs.length} runs for ${changes} changes`);
    for (let i = 1; i < runs.length; i++) assert.ok(runs[i]! - runs[i - 1]! >= intervalMs - 1, `runs ${i - 1} and ${i} ${runs[i]! - runs[i - 1]!} ms apart`);
    assert.ok(runs[runs.length - 1]! >= lastChangeAt, 'the last change of the burst is shown');
    throttle.dispose();
  });
});
