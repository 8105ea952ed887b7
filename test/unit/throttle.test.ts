// The trees and editor annotations redraw through Throttle: a program printing or locking as
// fast as it can must not make VS Code redraw faster than the interval. A manual clock drives
// it, so the test checks the rule itself, not how busy the machine happens to be.
import { strict as assert } from 'node:assert';
import { Throttle, type ThrottleClock } from '../../src/extension/throttle';

class ManualClock implements ThrottleClock {
  time = 1000;
  private nextHandle = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.timers.set(handle, { at: this.time + ms, callback });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get armed(): number {
    return this.timers.size;
  }
  /** Moves time forward, firing each timer that falls due; `firstEarlyBy` fires the first one that many ms before it is due, as Node's loop-time cache can. */
  advance(ms: number, firstEarlyBy = 0): void {
    const end = this.time + ms;
    let early = firstEarlyBy;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at - early <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at - early);
      early = 0;
      due[1].callback();
    }
    this.time = end;
  }
}

describe('view refresh throttle', () => {
  const intervalMs = 20;

  function setUp(): { clock: ManualClock; runs: number[]; throttle: Throttle } {
    const clock = new ManualClock();
    const runs: number[] = [];
    const throttle = new Throttle(() => runs.push(clock.now()), intervalMs, clock);
    return { clock, runs, throttle };
  }

  it('runs the first change of a quiet period at once', () => {
    const { clock, runs, throttle } = setUp();
    throttle.schedule();
    assert.deepEqual(runs, [1000]);
    assert.equal(clock.armed, 0, 'nothing left to run');
  });

  it('runs at most once per interval during a burst, and once more after it (nothing left stale)', () => {
    const { clock, runs, throttle } = setUp();
    for (let ms = 0; ms < 150; ms++) {
      for (let i = 0; i < 100; i++) throttle.schedule();
      clock.advance(1);
    }
    const lastChangeAt = clock.now() - 1;
    clock.advance(intervalMs * 3);
    // one at the start of each interval of the burst, and the trailing one for its last changes
    assert.equal(runs.length, Math.ceil(150 / intervalMs) + 1, `${runs.length} runs for 15000 changes`);
    for (let i = 1; i < runs.length; i++) assert.ok(runs[i]! - runs[i - 1]! >= intervalMs, `runs ${i - 1} and ${i} ${runs[i]! - runs[i - 1]!} ms apart`);
    assert.ok(runs[runs.length - 1]! >= lastChangeAt, 'the last change of the burst is shown');
    assert.equal(clock.armed, 0);
  });

  it('never runs inside the interval when the timer fires early', () => {
    const { clock, runs, throttle } = setUp();
    throttle.schedule();
    throttle.schedule();
    clock.advance(intervalMs * 2, 3);
    assert.deepEqual(runs, [1000, 1000 + intervalMs]);
  });

  it('flush runs a pending change now; dispose drops it', () => {
    const { clock, runs, throttle } = setUp();
    throttle.schedule();
    throttle.schedule();
    clock.advance(5);
    throttle.flush();
    assert.deepEqual(runs, [1000, 1005]);
    throttle.schedule();
    throttle.dispose();
    clock.advance(intervalMs * 2);
    throttle.schedule();
    assert.deepEqual(runs, [1000, 1005]);
    assert.equal(clock.armed, 0);
  });
});
